package io.linebus.bus;

import java.util.concurrent.locks.LockSupport;

/** How bus code waits for a condition it polls: spin, then yield, then park for growing moments. */
final class Waiting {
    private Waiting() {
    }

    /** One pause of a poll loop: a short wait costs little, a long one no CPU (parks up to 1 ms). */
    static void backOff(int attempt) {
        if (attempt < 100) {
            Thread.onSpinWait();
        } else if (attempt < 200) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000_000L, 1_000L << Math.min(10, (attempt - 200) / 10)));
        }
    }
}
