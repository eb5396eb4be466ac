package io.linebus.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.OffsetDateTime;
import java.util.Arrays;
import org.agrona.MutableDirectBuffer;

/**
 * Writes one binary record at a time into an array it owns and grows: unsigned and zig-zag varints,
 * little-endian fixed-width numbers, strings and timestamps. Writing into a plain array (and copying
 * the finished record once to where it goes) is what makes encoding cheap: no buffer interface, no
 * capacity check per byte. Reused record after record, it allocates nothing once grown.
 *
 * <p>Strings are written as their byte length (varint) and then generalized UTF-8 (WTF-8): valid
 * surrogate pairs become one 4-byte sequence and a lone surrogate, which standard UTF-8 cannot
 * carry, its own 3-byte sequence, so every Java string survives the trip unchanged.
 *
 * <p>Not thread-safe: one writer per thread (or per lock).
 */
final class RecordWriter {
    /** The largest record that can be written. */
    static final int MAX_RECORD_BYTES = Integer.MAX_VALUE - 64;
    /** The largest value a one-byte varint holds. */
    private static final int ONE_BYTE_VARINT = 0x7F;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The smallest array a writer grows to: growing a byte at a time would copy for nothing. */
    private static final int MIN_GROWTH = 64;
    private static final byte[] EMPTY = new byte[0];

    private final int initialCapacity;
    private final int retainedCapacity;
    private byte[] bytes;
    private int position;

    /**
     * @param initialCapacity the array's first size (0: none until the first write)
     * @param retainedCapacity the most {@link #reset()} keeps: an array grown beyond it by one large
     *     record is let go
     */
    RecordWriter(int initialCapacity, int retainedCapacity) {
        this.initialCapacity = initialCapacity;
        this.retainedCapacity = Math.max(initialCapacity, retainedCapacity);
        this.bytes = initialCapacity == 0 ? EMPTY : new byte[initialCapacity];
    }

    /** Starts a new record at position 0. */
    void reset() {
        position = 0;
        if (bytes.length > retainedCapacity) {
            bytes = initialCapacity == 0 ? EMPTY : new byte[initialCapacity];
        }
    }

    /** How many bytes have been written since {@link #reset()}. */
    int position() {
        return position;
    }

    /** The array the record is in: its bytes are {@code [0, position())}. Valid until the next write. */
    byte[] array() {
        return bytes;
    }

    /**
     * Copies the record to {@code buffer} at {@code offset}; an expandable buffer grows as needed.
     *
     * @throws IllegalArgumentException when it does not fit in a buffer that cannot grow
     */
    void copyTo(MutableDirectBuffer buffer, int offset) {
        long limit = (long) offset + position;
        if (limit > buffer.capacity() && !buffer.isExpandable()) {
            throw new IllegalArgumentException("The encoded record does not fit in the buffer: it needs "
                    + limit + " bytes, the buffer has " + buffer.capacity());
        }
        if (limit > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("The encoded record is too large for the buffer: " + limit + " bytes");
        }
        buffer.putBytes(offset, bytes, 0, position);
    }

    /** Makes room for {@code count} more bytes. */
    private void ensure(long count) {
        long limit = position + count;
        if (limit > bytes.length) {
            grow(limit);
        }
    }

    private void grow(long limit) {
        if (limit > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("The encoded record is too large: more than " + MAX_RECORD_BYTES
                    + " bytes");
        }
        long size = Math.max(MIN_GROWTH, Math.max(limit, 2L * bytes.length));
        bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_RECORD_BYTES, size));
    }

    void putByte(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
    }

    void putIntLittleEndian(int value) {
        ensure(Integer.BYTES);
        INT_LE.set(bytes, position, value);
        position += Integer.BYTES;
    }

    /** Overwrites four bytes written earlier, at {@code at} (a length known only afterwards). */
    void putIntLittleEndianAt(int at, int value) {
        if (at < 0 || at > position - Integer.BYTES) {
            throw new IndexOutOfBoundsException("Cannot overwrite 4 bytes at " + at + " of " + position + " written");
        }
        INT_LE.set(bytes, at, value);
    }

    void putLongLittleEndian(long value) {
        ensure(Long.BYTES);
        LONG_LE.set(bytes, position, value);
        position += Long.BYTES;
    }

    /** An unsigned varint: 7 bits a byte, least significant first, high bit set on all but the last. */
    void putVarLong(long value) {
        ensure(10);
        byte[] out = bytes;
        int at = position;
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out[at++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out[at++] = (byte) rest;
        position = at;
    }

    /** A signed value as a zig-zag varint, so that small negative numbers stay short. */
    void putZigZag(long value) {
        putVarLong((value << 1) ^ (value >> 63));
    }

    /** A string that may be null: varint (byte length + 1, 0 for null), then the bytes. */
    void putNullableString(String value) {
        if (value == null) {
            putByte(0);
            return;
        }
        int length = utf8Length(value);
        putVarLong(length + 1L);
        ensure(length);
        position = putUtf8(value, position);
    }

    /** A non-null string: varint byte length, then the bytes. */
    void putString(String value) {
        putString(value, 0);
    }

    /**
     * A non-null string whose length prefix is shifted left by {@code shift} bits (the low bits are
     * the caller's: the codec marks spelled-out keys that way): varint {@code length << shift},
     * then the bytes.
     */
    void putString(String value, int shift) {
        int chars = value.length();
        if (chars <= ONE_BYTE_VARINT >> shift) {
            // Most strings are short ASCII: one pass, copying while checking, and a one-byte prefix.
            ensure(1 + chars);
            if (putAscii(value, chars, position + 1)) {
                bytes[position] = (byte) (chars << shift);
                position += 1 + chars;
                return;
            }
        }
        int length = utf8Length(value);
        putVarLong((long) length << shift);
        ensure(length);
        position = putUtf8(value, position);
    }

    /** Writes {@code value} as ASCII at {@code at}, unless it has another character: then false, and the bytes are scrap. */
    private boolean putAscii(String value, int chars, int at) {
        byte[] out = bytes;
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            out[at + i] = (byte) c;
        }
        return true;
    }

    /** A timestamp, exactly: epoch second (zig-zag), nanosecond of second, offset seconds (zig-zag). */
    void putTimestamp(OffsetDateTime time) {
        putZigZag(time.toEpochSecond());
        putVarLong(time.getNano());
        putZigZag(time.getOffset().getTotalSeconds());
    }

    /** The generalized UTF-8 length of {@code value} (see the class comment). */
    static int utf8Length(String value) {
        int chars = value.length();
        long length = chars;
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    length += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                    length += 2; // two chars, four bytes
                    i++;
                } else {
                    length += 2;
                }
            }
        }
        if (length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("String too long to encode: " + length + " UTF-8 bytes");
        }
        return (int) length;
    }

    /** Writes {@code value} as UTF-8 at {@code at} (room made by the caller) and returns where it ends. */
    private int putUtf8(String value, int at) {
        byte[] out = bytes;
        int chars = value.length();
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, value.charAt(++i));
                out[at++] = (byte) (0xF0 | (codePoint >> 18));
                out[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (codePoint & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }
}
