/**
 * The event buses: {@link io.linebus.bus.AsyncEventBus}, a pipeline of LMAX Disruptor stages over
 * one preallocated ring, and {@link io.linebus.bus.EventBus}, which runs handlers on the publishing
 * thread (or queue workers). Both implement {@link io.linebus.transports.EventPublisher}, which is
 * all a transport sees of them.
 *
 * <h2>The asynchronous bus, step by step</h2>
 *
 * One verb per step: <b>claim</b> a slot, <b>fill</b> it, <b>publish</b> it; <b>journal</b> it,
 * <b>dispatch</b> it, <b>settle</b> it; on stop, <b>sweep</b> what is left.
 *
 * <pre>
 *  publish / tryPublish / publishTo / publish(message, ack)      retries          recovery
 *           │                                                       │                │
 *           ▼                                                       │                │
 *  SlotGate ── claim ─ check the BusState ─ fill ─ publish ◀────────┴────────────────┘
 *           │  (a claim made once the bus is closing is published empty and refused)
 *           ▼
 *  RingBuffer&lt;EventSlot&gt;  ◀──────────────────────── freed by the last stage (the tail)
 *           │
 *           ├─ JournalStage     [linebus-NAME-journal]     only with a journal: append each new
 *           │                   event, tell acknowledgements once the batch has ended
 *           ├─ DispatchShard ×N [linebus-NAME-dispatch-i]  run the handlers of the events whose
 *           │                   key hashes to it; settle them when it is the last stage
 *           └─ SettleStage      [linebus-NAME-settle]      only with a journal and N &gt; 1 shards
 *
 *  Settlement (chosen once by the Pipeline): without a journal CLEAR_SLOT, with one Checkpoints.
 *  RetryAgent  [linebus-NAME-retry]  an Agrona Agent: retries wait on a timer wheel (bounded),
 *                                    then re-enter through the gate (RingRetries).
 *  Recovery    on start, journaled events a handler had not completed re-enter through the gate.
 *  BusLifecycle  the one BusState: NEW → STARTING → RECOVERING → RUNNING → STOPPING → DRAINING
 *                (→ ABANDONED) → STOPPED, moved in one place; RingSweep settles what a stop leaves.
 * </pre>
 *
 * <p>Data flows one way: publisher → gate → journal → dispatch → settle. No stage calls back into the
 * facade; each gets, when the {@code Pipeline} wires it, the few parts it works with.
 */
package io.linebus.bus;
