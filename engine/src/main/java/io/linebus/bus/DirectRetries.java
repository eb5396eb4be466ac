package io.linebus.bus;

import io.linebus.models.Event;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the synchronous bus retries: on the {@link RetryAgent} shared with the asynchronous bus, a
 * retry waits on the timer wheel, then runs on the agent's thread, the failed handler alone (D1: no
 * other handler sees it again), one at a time, never by recursion (D2: no publisher waits for a
 * retry). The agent starts with the first retry, also on a bus never started (whose {@code publish}
 * works), on a daemon thread, and a stop ends it.
 */
final class DirectRetries implements HandlerInvoker.RetryScheduling {
    private static final Logger LOG = LoggerFactory.getLogger(DirectRetries.class);

    private final String busName;
    private final BusLifecycle lifecycle;
    private final AtomicLong outstanding;
    private final RetryAgent agent;
    /** Held while the agent is started or ended. */
    private final Object startStop = new Object();
    /** Whether the agent has a thread; written under {@link #startStop}. */
    private volatile boolean started;
    private HandlerInvoker invoker;

    DirectRetries(String busName, BusLifecycle lifecycle, AtomicLong outstanding, int capacity) {
        this.busName = busName;
        this.lifecycle = lifecycle;
        this.outstanding = outstanding;
        this.agent = new RetryAgent(busName, new RunRetries(), capacity);
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
        if (!started) {
            start();
        }
        outstanding.incrementAndGet();
        agent.schedule(new RetryAgent.RetryTask(retry, handler, journalIndex, tracker, System.nanoTime() + delayNanos));
    }

    /** Starts the agent for the bus's first retry, or its first since a stop. */
    private void start() {
        synchronized (startStop) {
            if (!started) {
                agent.start("EventBus-" + busName + "-Retry", true);
                started = true;
            }
        }
    }

    /** Ends the agent: those due run, the others are dead-lettered; a later retry starts it again. */
    void end() {
        synchronized (startStop) {
            if (!started) {
                return;
            }
            int waiting = agent.depth();
            if (waiting > 0) {
                LOG.info("Bus {}: ending {} waiting retries; those it cannot run now are dead-lettered", busName, waiting);
            }
            agent.shutdown();
            // Not before: a retry failing on the agent's thread while it closes must not wait for this lock.
            started = false;
        }
    }

    /**
     * Runs a retry that is due on the agent's thread: the handler alone, as {@link EventBus#publishTo}
     * would (D1: only the handler that failed), or a dead letter when it was unregistered meanwhile. A
     * retry that cannot run is dead-lettered with the reason: it is finished, not lost.
     */
    private final class RunRetries implements RetryAgent.Sink {
        @Override
        public void publishRetry(RetryAgent.RetryTask task, boolean mayWait) {
            // mayWait is false once the agent is closed: the bus is stopping, and this may be the thread
            // that scheduled the retry, where running it would nest it in that handler call (D2: never a
            // recursive retry). Abandoned: the stop ran out of time, and no more handlers are called.
            if (!mayWait || lifecycle.abandoned()) {
                abandon(task, new BusStoppedException("Bus '" + busName + "' stopped before retry "
                        + task.event().metadata().retryCount() + " could run"));
                return;
            }
            HandlerState handler = task.target();
            Event event = task.event();
            try {
                if (handler.registered) {
                    invoker.invokeTargeted(handler, event, EventJournal.NO_INDEX);
                } else {
                    invoker.deadLetter(handler, event, new IllegalStateException("Handler " + handler.name
                            + " was unregistered before its retry"), false);
                }
            } catch (VirtualMachineError fatal) {
                // As a worker does: the agent's thread would end, and every retry waiting with it.
                LOG.error("Bus {}: fatal error in retry of event {} for {}; dead-lettering it, the retry thread "
                        + "carries on", busName, event.id(), handler.name, fatal);
                try {
                    invoker.deadLetter(handler, event, fatal, false);
                } catch (RuntimeException | Error again) {
                    LOG.error("Bus {}: could not dead-letter event {}", busName, event.id(), again);
                }
            } finally {
                Thread.interrupted(); // a handler may leave the thread interrupted: AgentRunner takes that for a close
                outstanding.decrementAndGet();
            }
        }

        @Override
        public void abandon(RetryAgent.RetryTask task, RuntimeException reason) {
            try {
                invoker.deadLetter(task.target(), task.event(), reason, false);
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }
}
