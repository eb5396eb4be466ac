package io.linebus.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a bus has taken on beyond the slots of its ring: retries waiting or in the ring,
 * asynchronous handler calls in flight, and recovered events still to settle. The bus is idle
 * when its ring is settled and these are zero.
 */
final class PendingWork {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong recovery = new AtomicLong();

    /** A retry or an asynchronous call begins; counted before the slot that caused it settles. */
    void begin() {
        calls.incrementAndGet();
    }

    void end() {
        calls.decrementAndGet();
    }

    /** Retries and asynchronous calls not yet finished. */
    long calls() {
        return calls.get();
    }

    void recoveryBegins() {
        recovery.incrementAndGet();
    }

    void recoveryEnds() {
        recovery.decrementAndGet();
    }

    /** Recovered events not yet settled: checkpoints wait for them. */
    boolean recovering() {
        return recovery.get() != 0;
    }

    boolean none() {
        return calls.get() == 0 && recovery.get() == 0;
    }
}
