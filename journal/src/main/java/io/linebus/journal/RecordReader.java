package io.linebus.journal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.agrona.DirectBuffer;

/**
 * A cursor over one binary record written with {@link RecordWriter}. Every read checks the bytes
 * that remain first, and accepts only the canonical form the writer produces (shortest varints,
 * strict generalized UTF-8), so that a damaged record gives a {@link CorruptRecordException} and
 * never an index, null pointer or memory error, nor a silently different value.
 */
final class RecordReader {
    // Keys repeat from record to record (unit_id, measurements, ...): short ASCII keys come from a
    // small shared cache instead of a new string each time. The cache holds immutable strings, so
    // threads may race on a slot harmlessly. (Caching short values too would trade decode time for
    // allocation, and lost: perf-results/README.md.)
    private static final int KEY_CACHE_SIZE = 1024;
    private static final int MAX_CACHED_KEY = 32;
    private static final String[] KEY_CACHE = new String[KEY_CACHE_SIZE];

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private final DirectBuffer buffer;
    /** The buffer's array when it has one (then bytes are read from it directly), else null. */
    private final byte[] array;
    private final int arrayOffset;
    private final int end;
    private int position;

    RecordReader(DirectBuffer buffer, int position, int end) {
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.arrayOffset = array == null ? 0 : buffer.wrapAdjustment();
        this.position = position;
        this.end = end;
    }

    int remaining() {
        return end - position;
    }

    CorruptRecordException corrupt(String problem) {
        return new CorruptRecordException(problem + " (at byte " + position + ")");
    }

    private void require(long bytes, String what) {
        if (bytes > end - position) {
            throw corrupt("Record truncated: " + what + " needs " + bytes + " bytes, " + (end - position) + " remain");
        }
    }

    int readUnsignedByte() {
        if (position >= end) {
            require(1, "a byte");
        }
        int at = position++;
        return (array != null ? array[arrayOffset + at] : buffer.getByte(at)) & 0xFF;
    }

    int position() {
        return position;
    }

    void skip(int bytes) {
        require(bytes, "skipped bytes");
        position += bytes;
    }

    int readIntLittleEndian() {
        require(Integer.BYTES, "a 4-byte value");
        int value = buffer.getInt(position, ByteOrder.LITTLE_ENDIAN);
        position += Integer.BYTES;
        return value;
    }

    long readLongLittleEndian() {
        require(Long.BYTES, "an 8-byte value");
        long value = buffer.getLong(position, ByteOrder.LITTLE_ENDIAN);
        position += Long.BYTES;
        return value;
    }

    /** An unsigned varint in its shortest form. */
    long readVarLong() {
        if (position < end) { // most varints are one byte: counts, short lengths, key numbers
            int first = array != null ? array[arrayOffset + position] : buffer.getByte(position);
            if (first >= 0) {
                position++;
                return first;
            }
        }
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readUnsignedByte();
            if (shift == 63 && b > 1) {
                throw corrupt("Varint overflows 64 bits");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw corrupt("Varint not in its shortest form");
                }
                return value;
            }
        }
        throw corrupt("Varint longer than 10 bytes");
    }

    long readZigZag() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A varint in {@code [0, max]}. */
    int readVarInt(long max, String what) {
        long value = readVarLong();
        if (value < 0 || value > max) {
            throw corrupt(what + " out of range: " + Long.toUnsignedString(value) + " (0 to " + max + " allowed)");
        }
        return (int) value;
    }

    /**
     * A count of items that each take at least {@code minBytesEach} bytes, checked against the bytes
     * that remain so that a damaged count can never make the reader allocate more than the record holds.
     */
    int readCount(int minBytesEach, String what) {
        int count = readVarInt(Integer.MAX_VALUE, what);
        if ((long) count * minBytesEach > end - position) {
            throw corrupt("Record truncated: " + what + " " + count + " needs at least " + (long) count * minBytesEach
                    + " bytes, " + (end - position) + " remain");
        }
        return count;
    }

    String readString() {
        int length = readVarInt(Integer.MAX_VALUE, "String length");
        return readUtf8(length);
    }

    /**
     * A map key (see {@link EventCodec} for its form): a number in the record's key table, or spelled
     * out where it first appears in the record, and then added to the table.
     */
    String readKey(RecordKeys keys) {
        long prefix = readVarLong();
        if ((prefix & 1L) != 0) {
            long id = prefix >>> 1;
            if (id >= keys.size()) {
                throw corrupt("Key number " + id + " refers past the " + keys.size() + " keys spelled out so far");
            }
            return keys.key((int) id);
        }
        long length = prefix >>> 1;
        if (length > Integer.MAX_VALUE) {
            throw corrupt("String length out of range: " + length);
        }
        String key = length <= MAX_CACHED_KEY ? readCachedKey((int) length) : readUtf8((int) length);
        if (keys.findOrAdd(key) >= 0) {
            throw corrupt("Key '" + key + "' spelled out again instead of referred to by number");
        }
        return key;
    }

    /** A short key, from the cache when it is ASCII and there already. */
    private String readCachedKey(int length) {
        if (array == null) {
            return readUtf8(length);
        }
        require(length, "a string");
        int base = arrayOffset + position;
        int hash = 0;
        for (int i = base, to = base + length; i < to; i++) {
            byte b = array[i];
            if (b < 0) {
                return readUtf8(length);
            }
            hash = 31 * hash + b;
        }
        int slot = (hash ^ (hash >>> 16)) & (KEY_CACHE_SIZE - 1);
        String cached = KEY_CACHE[slot];
        if (cached == null || !sameAscii(cached, array, base, length)) {
            cached = new String(array, base, length, StandardCharsets.ISO_8859_1);
            KEY_CACHE[slot] = cached;
        }
        position += length;
        return cached;
    }

    private static boolean sameAscii(String text, byte[] bytes, int from, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    String readNullableString() {
        int lengthPlusOne = readVarInt(Integer.MAX_VALUE, "String length");
        return lengthPlusOne == 0 ? null : readUtf8(lengthPlusOne - 1);
    }

    OffsetDateTime readTimestamp() {
        long epochSecond = readZigZag();
        int nano = readVarInt(999_999_999, "Timestamp nanoseconds");
        long offsetSeconds = readZigZag();
        if (offsetSeconds < -MAX_OFFSET_SECONDS || offsetSeconds > MAX_OFFSET_SECONDS) {
            throw corrupt("Timestamp offset out of range: " + offsetSeconds + " s");
        }
        try {
            return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond, nano),
                    offsetSeconds == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds((int) offsetSeconds));
        } catch (DateTimeException | ArithmeticException e) {
            throw new CorruptRecordException("Timestamp out of range: epoch second " + epochSecond + " (at byte "
                    + position + ")", e);
        }
    }

    private String readUtf8(int length) {
        require(length, "a string");
        int start = position;
        byte[] bytes;
        int base;
        if (array != null) {
            bytes = array;
            base = arrayOffset + start;
        } else {
            bytes = new byte[length];
            buffer.getBytes(start, bytes);
            base = 0;
        }
        String value = isAscii(bytes, base, length)
                ? new String(bytes, base, length, StandardCharsets.ISO_8859_1)
                : decodeUtf8(bytes, base, length);
        position = start + length;
        return value;
    }

    private static boolean isAscii(byte[] bytes, int from, int length) {
        for (int i = from, to = from + length; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Strict generalized UTF-8: shortest forms only, lone surrogates allowed but never a split pair. */
    private String decodeUtf8(byte[] bytes, int from, int length) {
        char[] chars = new char[length];
        int count = 0;
        boolean previousWasLoneHigh = false;
        int i = from;
        int to = from + length;
        while (i < to) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                chars[count++] = (char) b0;
                i++;
                previousWasLoneHigh = false;
            } else if (b0 >= 0xC2 && b0 <= 0xDF) {
                int b1 = continuation(bytes, i + 1, to);
                chars[count++] = (char) (((b0 & 0x1F) << 6) | b1);
                i += 2;
                previousWasLoneHigh = false;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                int b1 = continuation(bytes, i + 1, to);
                int b2 = continuation(bytes, i + 2, to);
                char c = (char) (((b0 & 0x0F) << 12) | (b1 << 6) | b2);
                if (c < 0x800) {
                    throw corrupt("Overlong UTF-8 sequence in a string");
                }
                if (Character.isLowSurrogate(c) && previousWasLoneHigh) {
                    throw corrupt("Surrogate pair written as two 3-byte sequences in a string");
                }
                chars[count++] = c;
                i += 3;
                previousWasLoneHigh = Character.isHighSurrogate(c);
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                int b1 = continuation(bytes, i + 1, to);
                int b2 = continuation(bytes, i + 2, to);
                int b3 = continuation(bytes, i + 3, to);
                int codePoint = ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
                if (codePoint < 0x10000 || codePoint > Character.MAX_CODE_POINT) {
                    throw corrupt("Invalid 4-byte UTF-8 sequence in a string");
                }
                chars[count++] = Character.highSurrogate(codePoint);
                chars[count++] = Character.lowSurrogate(codePoint);
                i += 4;
                previousWasLoneHigh = false;
            } else {
                throw corrupt("Invalid UTF-8 lead byte 0x" + Integer.toHexString(b0) + " in a string");
            }
        }
        return new String(chars, 0, count);
    }

    private int continuation(byte[] bytes, int index, int to) {
        if (index >= to) {
            throw corrupt("UTF-8 sequence cut short in a string");
        }
        int b = bytes[index] & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw corrupt("Invalid UTF-8 continuation byte 0x" + Integer.toHexString(b) + " in a string");
        }
        return b & 0x3F;
    }
}
