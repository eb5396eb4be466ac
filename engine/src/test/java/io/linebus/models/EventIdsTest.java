package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void eventIdsAreCanonicalUuidV7() {
        long before = System.currentTimeMillis();
        String id = EventIds.newEventId();
        long after = System.currentTimeMillis();

        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(id);
        long millis = uuid.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after);
    }

    @Test
    void traceIdsAreW3cTraceIds() {
        for (int i = 0; i < 1000; i++) {
            assertThat(EventIds.newTraceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        }
    }

    @Test
    void spanIdsAreW3cSpanIds() {
        for (int i = 0; i < 1000; i++) {
            assertThat(EventIds.newSpanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
        }
    }

    @Test
    void idsAreUniqueAcrossThreads() throws InterruptedException {
        int threads = 4;
        int perThread = 25_000;
        Set<String> ids = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    ids.add(EventIds.newEventId());
                    ids.add(EventIds.newTraceId());
                    ids.add(EventIds.newSpanId());
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(worker.isAlive()).isFalse();
        }
        assertThat(ids).hasSize(threads * perThread * 3);
    }
}
