package io.linebus.bus;

import io.linebus.models.Event;
import java.util.function.BooleanSupplier;

/**
 * How the asynchronous bus retries: a failed (event, handler) pair waits on the
 * {@link RetryAgent}'s wheel for its delay, then re-enters the ring through the {@link SlotGate},
 * addressed to that handler (D1: only the failed pair is retried; D2: after its backoff, without a
 * thread sleeping). A retry that cannot run (the bus stopped, the retry capacity is used up, the
 * ring is full where waiting is not allowed) is dead-lettered with the reason: it is finished, not
 * lost.
 */
final class RingRetries implements HandlerInvoker.RetryScheduling, RetryAgent.Sink {
    private final SlotGate gate;
    private final PendingWork pending;
    private final RetryAgent agent;
    private final BooleanSupplier agentOpen;
    private HandlerInvoker invoker;

    RingRetries(String busName, SlotGate gate, PendingWork pending, int capacity) {
        this.gate = gate;
        this.pending = pending;
        this.agent = new RetryAgent(busName, this, capacity);
        this.agentOpen = agent::open;
    }

    /** Called once, with the invoker that schedules through this (each needs the other). */
    void bind(HandlerInvoker handlerInvoker) {
        this.invoker = handlerInvoker;
    }

    RetryAgent agent() {
        return agent;
    }

    @Override
    public void schedule(HandlerState handler, Event retry, long journalIndex, MessageTracker tracker, long delayNanos) {
        pending.begin();
        handler.progress.track(journalIndex);
        if (tracker != null) {
            tracker.begin();
        }
        agent.schedule(new RetryAgent.RetryTask(retry, handler, journalIndex, tracker, System.nanoTime() + delayNanos));
    }

    @Override
    public void publishRetry(RetryAgent.RetryTask task, boolean mayWait) {
        if (!gate.publishRetry(task, mayWait ? agentOpen : () -> false)) {
            abandon(task, new BusStoppedException("Bus stopping: retry " + task.event().metadata().retryCount()
                    + " of handler " + task.target().name + " could not re-enter the ring (the bus stopped, or the"
                    + " ring was full and waiting for room could hold up the stop)"));
        }
    }

    @Override
    public void abandon(RetryAgent.RetryTask task, RuntimeException reason) {
        invoker.deadLetter(task.target(), task.event(), reason, false);
        task.target().progress.untrack(task.journalIndex());
        pending.end();
        if (task.tracker() != null) {
            task.tracker().end();
        }
    }
}
