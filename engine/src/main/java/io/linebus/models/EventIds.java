package io.linebus.models;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers linebus generates, without a global lock.
 *
 * <p>Event ids are canonical 36-character UUIDv7 strings (RFC 9562): the first 48 bits are the
 * Unix time in milliseconds, so ids sort by creation time in the journal, and the rest comes from
 * {@link ThreadLocalRandom} (no contention, unlike {@code UUID.randomUUID()}'s shared
 * {@code SecureRandom}). Trace and span ids are W3C trace-context ids: 32 and 16 lowercase hex
 * digits, never all zero.
 */
public final class EventIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {
    }

    /** A new time-ordered UUIDv7 in canonical lowercase form. */
    public static String newEventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        char[] out = new char[36];
        hex(out, 0, msb >>> 32, 8);
        out[8] = '-';
        hex(out, 9, msb >>> 16, 4);
        out[13] = '-';
        hex(out, 14, msb, 4);
        out[18] = '-';
        hex(out, 19, lsb >>> 48, 4);
        out[23] = '-';
        hex(out, 24, lsb, 12);
        return new String(out);
    }

    /** A new W3C trace id: 32 lowercase hex digits, not all zero. */
    public static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[32];
        hex(out, 0, random.nextLong(), 16);
        hex(out, 16, random.nextLong() | 1L, 16);
        return new String(out);
    }

    /** A new W3C span id: 16 lowercase hex digits, not all zero. */
    public static String newSpanId() {
        char[] out = new char[16];
        hex(out, 0, ThreadLocalRandom.current().nextLong() | 1L, 16);
        return new String(out);
    }

    private static void hex(char[] out, int offset, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
