package io.linebus.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs a task on several real threads started together, for the concurrency tests. */
final class Concurrently {

    interface Worker {
        void run(int worker) throws Exception;
    }

    private Concurrently() {
    }

    /** Runs {@code worker} on {@code count} threads; fails on any exception or a thread still running after 60 s. */
    static void run(int count, Worker worker) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    worker.run(index);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "policies-test-" + i);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
        }
        assertThat(failures).isEmpty();
    }
}
