package io.linebus.bus;

import com.lmax.disruptor.EventHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.telemetry.EventMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stage 2: one of the dispatch shards. It takes the slots whose partition key hashes to it, so
 * events of one key are handled in publish order, runs their handlers in priority order (blocking
 * ones on this thread, asynchronous ones up to {@code maxConcurrent} in flight), settles them when it
 * is the last stage to see them, and accounts for them: counts per type, kept on this thread and
 * handed to {@link EventMetrics} once per batch (or per {@link #FLUSH_EVERY} events of a long one),
 * and the latency of the events its {@link LatencySampler} times.
 *
 * <p>Once the stop gives up on the ring ({@link BusState#ABANDONED}) it calls no more handlers and
 * leaves its slots to the stop's sweep.
 */
final class DispatchShard implements EventHandler<EventSlot> {
    private static final int TYPES = EventType.values().length;
    /** Counts reach the metrics at least this often in a long batch. */
    static final int FLUSH_EVERY = 4_096;

    private final String busName;
    private final int shard;
    private final HandlerTable.Lookup handlerLookup;
    private final HandlerInvoker invoker;
    private final BusCallbacks callbacks;
    private final BusLifecycle lifecycle;
    private final PendingWork pending;
    private final AsyncPermits permits;
    /** Null when a {@link SettleStage} comes after the shards. */
    private final Settlement settlement;
    private final EventMetrics metrics;
    private final LatencySampler sampler;
    private final long[] processed = new long[TYPES];
    private final long[] failed = new long[TYPES];
    /** Events counted since the last flush. */
    private int counted;

    DispatchShard(String busName, int shard, HandlerTable.Lookup handlerLookup, HandlerInvoker invoker,
            BusCallbacks callbacks, BusLifecycle lifecycle, PendingWork pending, AsyncPermits permits,
            Settlement settlement, EventMetrics metrics, LatencySampler sampler) {
        this.busName = busName;
        this.shard = shard;
        this.handlerLookup = handlerLookup;
        this.invoker = invoker;
        this.callbacks = callbacks;
        this.lifecycle = lifecycle;
        this.pending = pending;
        this.permits = permits;
        this.settlement = settlement;
        this.metrics = metrics;
        this.sampler = sampler;
    }

    @Override
    public void onBatchStart(long batchSize, long queueDepth) {
        handlerLookup.refresh();
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (slot.event == null) {
            if (settlement != null) {
                settlement.settle(slot, sequence, endOfBatch); // empty, but may end a batch
            }
        } else if (slot.shard == shard && !lifecycle.abandoned()) {
            try {
                dispatch(slot);
            } catch (VirtualMachineError fatal) {
                endFatally(slot, fatal);
                throw fatal; // logged by the processor's exception handler; the shard goes on
            }
            account(slot);
            if (settlement != null) {
                settlement.settle(slot, sequence, endOfBatch);
            }
        }
        if (counted != 0 && (endOfBatch || counted >= FLUSH_EVERY)) {
            flush();
        }
    }

    /** Runs the handlers of one slot. */
    private void dispatch(EventSlot slot) {
        Event event = slot.event;
        if (!slot.refused()) {
            if (slot.kind == EventSlot.NEW) {
                callbacks.notifyEvent(event);
            }
            HandlerState target = slot.target;
            MessageTracker tracker = slot.tracker;
            if (target != null) {
                if (target.registered) {
                    invoke(target, slot, event, tracker, true);
                } else {
                    invoker.deadLetter(target, event, new IllegalStateException("Handler " + target.name
                            + " was unregistered before the event reached it"), false);
                }
            } else {
                HandlerState[] forType = handlerLookup.forType(slot.type);
                if (forType.length == 1) {
                    invokeOfItsType(forType[0], slot, event, tracker); // outside a loop: cheaper (perf-results/README.md)
                } else {
                    for (HandlerState handler : forType) {
                        invokeOfItsType(handler, slot, event, tracker);
                    }
                }
            }
        }
        endDispatch(slot);
    }

    /** The slot's handlers are done with it: its retry bookkeeping ends and its message hears of it. */
    private void endDispatch(EventSlot slot) {
        if (slot.kind == EventSlot.RETRY) {
            slot.target.progress.untrack(slot.journalIndex);
            pending.end();
        }
        slot.markDispatched();
        MessageTracker tracker = slot.tracker;
        if (tracker != null) {
            slot.tracker = null;
            tracker.end();
        }
    }

    /** Invokes a handler of the event's type, unless it is a recovered event the handler had completed. */
    private void invokeOfItsType(HandlerState handler, EventSlot slot, Event event, MessageTracker tracker) {
        if (slot.kind != EventSlot.RECOVERY || handler.progress.owes(slot.journalIndex)) {
            invoke(handler, slot, event, tracker, false);
        }
    }

    /**
     * @param targeted a retry or a {@code publishTo}: an event meant for this one handler, which is
     *     dead-lettered (never dropped) when the handler no longer takes it
     */
    private void invoke(HandlerState handler, EventSlot slot, Event event, MessageTracker tracker, boolean targeted) {
        switch (invoker.admit(handler, event, slot.journalIndex, tracker, !targeted)) {
            case SKIP -> {
                if (targeted) {
                    slot.markFailed();
                    invoker.deadLetterUntaken(handler, event);
                }
            }
            case FAILED -> slot.markFailed();
            case RUN -> {
                boolean ran = handler.async ? invokeAsync(handler, event, slot.journalIndex, tracker)
                        : invoker.runBlocking(handler, event, slot.journalIndex, tracker);
                if (!ran) {
                    slot.markFailed();
                }
            }
        }
    }

    /**
     * Starts an asynchronous call, once a permit is free; its completion is routed like a blocking
     * call's outcome, on the thread that completes it.
     *
     * @return false when the stop gave up on the ring before a permit was free (the event is
     *     dead-lettered for this handler)
     */
    private boolean invokeAsync(HandlerState handler, Event event, long journalIndex, MessageTracker tracker) {
        if (!permits.acquire()) {
            invoker.deadLetter(handler, event, new BusStoppedException("Bus '" + busName + "' stopped before handler "
                    + handler.name + " could take the event (maxConcurrent calls were in flight)"), false);
            return false;
        }
        pending.begin();
        handler.progress.track(journalIndex);
        if (tracker != null) {
            tracker.begin();
        }
        CompletionStage<Object> stage;
        try {
            stage = handler.handler.handleAsync(event);
            if (stage == null) {
                stage = CompletableFuture.failedFuture(new NullPointerException(handler.name + ".handleAsync returned null"));
            }
        } catch (VirtualMachineError fatal) {
            endAsync(handler, journalIndex, tracker); // no call is in flight: give its permit and counts back
            throw fatal;
        } catch (Throwable error) {
            stage = CompletableFuture.failedFuture(error);
        }
        stage.whenComplete((result, error) -> completeAsync(handler, event, journalIndex, tracker, error));
        return true;
    }

    private void completeAsync(HandlerState handler, Event event, long journalIndex, MessageTracker tracker,
            Throwable error) {
        try {
            if (error == null) {
                invoker.succeed(handler);
            } else {
                invoker.fail(handler, event, journalIndex, tracker, Failures.unwrap(error));
            }
        } finally {
            endAsync(handler, journalIndex, tracker);
        }
    }

    private void endAsync(HandlerState handler, long journalIndex, MessageTracker tracker) {
        handler.progress.untrack(journalIndex);
        permits.release();
        pending.end();
        if (tracker != null) {
            tracker.end();
        }
    }

    /**
     * A {@link VirtualMachineError} left a handler: the event is dead-lettered and its slot ends as
     * dispatched (a retry's bookkeeping included, or the bus would never be idle again) and settles.
     */
    private void endFatally(EventSlot slot, VirtualMachineError fatal) {
        slot.markFailed();
        if (!slot.dispatched()) {
            invoker.deadLetter(slot.target, slot.event, fatal, false);
            endDispatch(slot);
        }
        if (settlement != null) {
            settlement.settle(slot, -1L, false);
        }
    }

    private void account(EventSlot slot) {
        if (slot.kind == EventSlot.RETRY || slot.refused()) {
            return; // a retry is counted as a retry, a refused event never was accepted
        }
        EventType type = slot.type;
        int ordinal = type.ordinal();
        processed[ordinal]++;
        if (slot.failed()) {
            failed[ordinal]++;
        }
        counted++;
        if (slot.timed()) {
            metrics.recordLatency(type, Math.max(0L, System.nanoTime() - slot.publishNanos), 1L << slot.sampleShift);
        }
    }

    private void flush() {
        sampler.countHandled(counted, System.nanoTime());
        for (int ordinal = 0; ordinal < TYPES; ordinal++) {
            if (processed[ordinal] != 0) {
                metrics.recordProcessed(EventType.ofOrdinal(ordinal), processed[ordinal], failed[ordinal]);
                processed[ordinal] = 0;
                failed[ordinal] = 0;
            }
        }
        counted = 0;
    }
}
