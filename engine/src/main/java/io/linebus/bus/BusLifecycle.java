package io.linebus.bus;

import io.linebus.transports.BaseTransport;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bus's state and the steps both buses take to start and stop: handlers' {@code onStart} in
 * priority order, transports, and the rollback of a failed start (D10: a failed start leaves
 * nothing running). The state has one writer, {@link #moveTo}, always under {@link #lock()}; hot
 * threads only read it.
 *
 * <p>Registering a transport takes the same lock, so one registered while {@code start()} runs waits
 * for the start to end and is then started with the running bus.
 */
final class BusLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BusLifecycle.class);

    private final String busName;
    private final Object lock = new Object();
    private volatile BusState state = BusState.NEW;

    BusLifecycle(String busName) {
        this.busName = busName;
    }

    /** What start, stop and (un)registering a transport hold. */
    Object lock() {
        return lock;
    }

    BusState state() {
        return state;
    }

    /** True once a stop has given up on the ring (see {@link BusState#ABANDONED}). */
    boolean abandoned() {
        return state == BusState.ABANDONED;
    }

    /** The one place the state moves. */
    void moveTo(BusState next) {
        assert Thread.holdsLock(lock) : "the state moves under the lifecycle lock";
        LOG.debug("Bus {}: {} -> {}", busName, state, next);
        state = next;
    }

    /**
     * Calls every handler's {@code onStart} in priority order.
     *
     * @return the handlers started; on failure those started are stopped again and the failure is thrown
     */
    List<HandlerState> startHandlers(HandlerState[] handlers) throws Exception {
        List<HandlerState> started = new ArrayList<>();
        try {
            for (HandlerState handler : handlers) {
                handler.handler.onStart();
                started.add(handler);
            }
        } catch (Exception e) {
            stopHandlers(started, e);
            throw e;
        }
        return started;
    }

    /** Calls {@code onStop} in reverse order; failures are added to {@code cause}. */
    void stopHandlers(List<HandlerState> started, Throwable cause) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).handler.onStop();
            } catch (Exception stopFailure) {
                cause.addSuppressed(stopFailure);
            }
        }
    }

    /** Calls every handler's {@code onStop}; returns the failures collected (or null). */
    Exception stopHandlers(HandlerState[] handlers, Exception failure) {
        for (HandlerState handler : handlers) {
            try {
                handler.handler.onStop();
            } catch (Exception e) {
                failure = Failures.collect(failure, e);
            }
        }
        return failure;
    }

    /**
     * Starts every transport, those registered while this runs included; on failure stops those
     * started (reverse order) and throws.
     */
    void startTransports(List<BaseTransport> transports) throws Exception {
        List<BaseTransport> started = new ArrayList<>();
        try {
            for (int i = 0; i < transports.size(); i++) { // by index: sees one registered by a transport's start
                BaseTransport transport = transports.get(i);
                transport.start();
                started.add(transport);
            }
        } catch (Exception e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).stop();
                } catch (Exception stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            throw e;
        }
    }

    /** Stops every transport; returns the failures collected (or null). */
    Exception stopTransports(List<BaseTransport> transports, Exception failure) {
        for (BaseTransport transport : transports) {
            try {
                transport.stop();
            } catch (Exception e) {
                failure = Failures.collect(failure, e);
            }
        }
        return failure;
    }
}
