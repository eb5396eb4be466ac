package io.linebus.bus;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bound on asynchronous handler calls in flight ({@code maxConcurrent}). A shard that reaches it
 * waits: backpressure, not loss. The wait ends when a permit comes back or when the stop gives up on
 * the ring; the stop's interrupt alone does not end it, so a shard interrupted while the bus drains
 * keeps its event.
 */
final class AsyncPermits {
    private static final long RECHECK_MILLIS = 1;

    private final Semaphore permits;
    private final BusLifecycle lifecycle;

    AsyncPermits(int maxConcurrent, BusLifecycle lifecycle) {
        this.permits = new Semaphore(maxConcurrent);
        this.lifecycle = lifecycle;
    }

    /** Takes a permit; false when the stop gave up on the ring first (the caller then has none). */
    boolean acquire() {
        if (permits.tryAcquire()) {
            return true;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (permits.tryAcquire(RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (lifecycle.abandoned()) {
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void release() {
        permits.release();
    }
}
