package io.linebus.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a long-running command (the demo, {@code tail --follow}): the JVM's shutdown sets
 * {@link #requested()}, then waits (at most the grace period) until the command has wound down and
 * closed this signal, so that it can stop its bus, close its journal and print what it has.
 */
final class StopSignal implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private StopSignal(Duration grace) {
        this.hook = new Thread(() -> {
            requested = true;
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "linebus-stop");
    }

    /** Installs the shutdown hook; close the signal when the command is done. */
    static StopSignal onShutdown(Duration grace) {
        StopSignal signal = new StopSignal(grace);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Whether the JVM is shutting down (Ctrl-C, SIGTERM): the command should wind down now. */
    boolean requested() {
        return requested;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and returns now that the command has finished.
        }
    }
}
