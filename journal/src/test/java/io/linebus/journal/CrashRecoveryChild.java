package io.linebus.journal;

import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.Durability;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link CrashRecoveryTest} kills: a journaled bus with {@link Durability#JOURNALED},
 * a fast and a slow handler, publishing until it is killed. Every handled sequence number and every
 * sequence number whose {@code publish} returned is written straight to a file (a write call each,
 * so the kernel has it when the process dies).
 */
final class CrashRecoveryChild {
    static final String FAST = "fast";
    static final String SLOW = "slow";
    static final String ACKED = "acked";

    private CrashRecoveryChild() {
    }

    /** Appends ints to a file, one write call each. */
    static final class IntLog implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES);

        IntLog(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }

        synchronized void append(int value) {
            buffer.clear();
            buffer.putInt(value).flip();
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    static BaseHandler recordingHandler(String name, IntLogLike log, long parkNanos) {
        return BaseHandler.of(name, List.of(EventType.TEST_RESULT), event -> {
            if (parkNanos > 0) {
                LockSupport.parkNanos(parkNanos);
            }
            log.append(((Long) event.payload().get("seq")).intValue());
        });
    }

    /** Where a handler records the sequence numbers it completed. */
    @FunctionalInterface
    interface IntLogLike {
        void append(int value);
    }

    static Event event(int seq) {
        return Event.create(EventType.TEST_RESULT, Map.of("unit_id", "unit-" + (seq % 97), "seq", seq), "crash-child");
    }

    public static void main(String[] args) throws Exception {
        Path journalDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ChronicleEventJournal journal = ChronicleEventJournal.open(journalDir);
        IntLog fast = new IntLog(out.resolve(FAST));
        IntLog slow = new IntLog(out.resolve(SLOW));
        IntLog acked = new IntLog(out.resolve(ACKED));
        AsyncEventBus bus = AsyncEventBus.builder().name("crash").journal(journal).durability(Durability.JOURNALED)
                .dispatchThreads(2).ringSize(1 << 14).build();
        bus.registerHandler(recordingHandler(FAST, fast::append, 0));
        bus.registerHandler(recordingHandler(SLOW, slow::append, 20_000));
        bus.start();
        for (int seq = 0; seq < 10_000_000; seq++) {
            bus.publish(event(seq));
            acked.append(seq);
        }
    }
}
