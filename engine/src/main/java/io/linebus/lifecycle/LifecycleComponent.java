package io.linebus.lifecycle;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Anything a {@link LifecycleManager} starts and stops: buses, transports, application services.
 *
 * <p>Implement either the blocking {@link #start()}/{@link #stop()} pair or, for components whose
 * start or stop completes later, {@link #startAsync()}/{@link #stopAsync()}. The manager always
 * calls the asynchronous variants; their defaults run the blocking methods on the calling thread.
 */
public interface LifecycleComponent {

    /** Starts the component; the default does nothing. */
    default void start() throws Exception {
    }

    /** Stops the component; the default does nothing. */
    default void stop() throws Exception {
    }

    /** Runs {@link #start()} and returns a stage completed with its outcome. */
    default CompletionStage<Void> startAsync() {
        try {
            start();
            return CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs {@link #stop()} and returns a stage completed with its outcome. */
    default CompletionStage<Void> stopAsync() {
        try {
            stop();
            return CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A component made of two actions, e.g. {@code LifecycleComponent.of(pool::open, pool::close)}. */
    static LifecycleComponent of(ThrowingRunnable start, ThrowingRunnable stop) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        return new LifecycleComponent() {
            @Override
            public void start() throws Exception {
                start.run();
            }

            @Override
            public void stop() throws Exception {
                stop.run();
            }

            @Override
            public String toString() {
                return "LifecycleComponent.of(" + start + ", " + stop + ")";
            }
        };
    }

    /** An action that may throw any exception, such as a start or stop method reference. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
