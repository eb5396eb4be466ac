package io.linebus.cli.demo;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stands in for the upload of results to a test-data server that is not always there: some first
 * attempts fail with a transient error (the bus retries them, and they go through), and a few
 * uploads fail every time (the bus dead-letters them after its retries). Which events fail is
 * decided from the simulator's {@linkplain LineSimulator#SEQUENCE_KEY sequence number} and the seed,
 * so a seed gives the same failures on every run. Thread-safe.
 */
public final class FlakyUploader extends BaseHandler {
    public static final String NAME = "flaky-uploader";

    private final long seed;
    private final double transientFailureRate;
    private final double permanentFailureRate;
    private final LongAdder uploaded = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();

    /**
     * @param transientFailureRate the share of uploads whose first attempt fails
     * @param permanentFailureRate the share of uploads that fail on every attempt
     * @throws IllegalArgumentException when a rate is outside 0..1 or they add up to more than 1
     */
    public FlakyUploader(long seed, double transientFailureRate, double permanentFailureRate) {
        super(NAME);
        if (!(transientFailureRate >= 0 && permanentFailureRate >= 0 && transientFailureRate + permanentFailureRate <= 1)) {
            throw new IllegalArgumentException("failure rates must be >= 0 and add up to at most 1, got "
                    + transientFailureRate + " and " + permanentFailureRate);
        }
        this.seed = seed;
        this.transientFailureRate = transientFailureRate;
        this.permanentFailureRate = permanentFailureRate;
    }

    /** An uploader whose server is back: every upload goes through (what a requeue of dead letters meets). */
    public static FlakyUploader reliable() {
        return new FlakyUploader(0L, 0.0, 0.0);
    }

    @Override
    public List<EventType> eventTypes() {
        return List.of(EventType.TEST_RESULT, EventType.INSPECTION_RESULT);
    }

    @Override
    public Object handle(Event event) throws IOException {
        double draw = draw(event);
        if (draw < permanentFailureRate) {
            throw new IOException("HTTP 503 from the test-data server for unit " + event.payload().get("unit_id")
                    + " (simulated outage)");
        }
        if (draw < permanentFailureRate + transientFailureRate && event.metadata().retryCount() == 0) {
            throw new IOException("connection reset by the test-data server (simulated, transient)");
        }
        uploaded.increment();
        return null;
    }

    /** Counts the failed attempt; the demo reports failures in its summary rather than logging each one. */
    @Override
    public void onError(Event event, Throwable error) {
        failedAttempts.increment();
    }

    /** Uploads that went through. */
    public long uploaded() {
        return uploaded.sum();
    }

    /** Attempts that failed (first attempts and retries). */
    public long failedAttempts() {
        return failedAttempts.sum();
    }

    /** A number in [0, 1) fixed by the seed and the event's simulator sequence (its id when it has none). */
    private double draw(Event event) {
        long key = event.metadata().custom().get(LineSimulator.SEQUENCE_KEY) instanceof Long sequence
                ? sequence : event.id().hashCode();
        long z = seed + 0x9E3779B97F4A7C15L * (key + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
