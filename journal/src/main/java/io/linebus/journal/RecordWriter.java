package io.linebus.journal;

import java.nio.ByteOrder;
import java.time.OffsetDateTime;
import org.agrona.MutableDirectBuffer;

/**
 * The primitive writes of linebus' binary records: unsigned and zig-zag varints, little-endian
 * fixed-width numbers, strings and timestamps. Each method writes at {@code position} and returns
 * the position after what it wrote; nothing is allocated.
 *
 * <p>Strings are written as their byte length (varint) and then generalized UTF-8 (WTF-8): valid
 * surrogate pairs become one 4-byte sequence and a lone surrogate, which standard UTF-8 cannot
 * carry, its own 3-byte sequence, so every Java string survives the trip unchanged.
 */
final class RecordWriter {
    private RecordWriter() {
    }

    /** Makes room for {@code bytes} bytes at {@code position}: grows an expandable buffer, rejects otherwise. */
    static void ensure(MutableDirectBuffer buffer, int position, long bytes) {
        long limit = position + bytes;
        if (limit <= buffer.capacity()) {
            return;
        }
        if (!buffer.isExpandable()) {
            throw new IllegalArgumentException("The encoded record does not fit in the buffer: it needs at least "
                    + limit + " bytes, the buffer has " + buffer.capacity());
        }
        if (limit > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("The encoded record is too large: more than " + limit + " bytes");
        }
        try {
            buffer.checkLimit((int) limit);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("The encoded record is too large: " + limit + " bytes", e);
        }
    }

    static int putByte(MutableDirectBuffer buffer, int position, int value) {
        ensure(buffer, position, 1);
        buffer.putByte(position, (byte) value);
        return position + 1;
    }

    static int putIntLittleEndian(MutableDirectBuffer buffer, int position, int value) {
        ensure(buffer, position, Integer.BYTES);
        buffer.putInt(position, value, ByteOrder.LITTLE_ENDIAN);
        return position + Integer.BYTES;
    }

    static int putLongLittleEndian(MutableDirectBuffer buffer, int position, long value) {
        ensure(buffer, position, Long.BYTES);
        buffer.putLong(position, value, ByteOrder.LITTLE_ENDIAN);
        return position + Long.BYTES;
    }

    /** An unsigned varint: 7 bits a byte, least significant first, high bit set on all but the last. */
    static int putVarLong(MutableDirectBuffer buffer, int position, long value) {
        ensure(buffer, position, 10);
        int at = position;
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            buffer.putByte(at++, (byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        buffer.putByte(at++, (byte) rest);
        return at;
    }

    /** A signed value as a zig-zag varint, so that small negative numbers stay short. */
    static int putZigZag(MutableDirectBuffer buffer, int position, long value) {
        return putVarLong(buffer, position, (value << 1) ^ (value >> 63));
    }

    /** A string that may be null: varint (byte length + 1, 0 for null), then the bytes. */
    static int putNullableString(MutableDirectBuffer buffer, int position, String value) {
        if (value == null) {
            return putByte(buffer, position, 0);
        }
        int length = utf8Length(value);
        int at = putVarLong(buffer, position, length + 1L);
        return putUtf8(buffer, at, value, length);
    }

    /** A non-null string: varint byte length, then the bytes. */
    static int putString(MutableDirectBuffer buffer, int position, String value) {
        int length = utf8Length(value);
        int at = putVarLong(buffer, position, length);
        return putUtf8(buffer, at, value, length);
    }

    /** A timestamp, exactly: epoch second (zig-zag), nanosecond of second, offset seconds (zig-zag). */
    static int putTimestamp(MutableDirectBuffer buffer, int position, OffsetDateTime time) {
        int at = putZigZag(buffer, position, time.toEpochSecond());
        at = putVarLong(buffer, at, time.getNano());
        return putZigZag(buffer, at, time.getOffset().getTotalSeconds());
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
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("String too long to encode: " + length + " UTF-8 bytes");
        }
        return (int) length;
    }

    private static int putUtf8(MutableDirectBuffer buffer, int position, String value, int length) {
        ensure(buffer, position, length);
        byte[] array = buffer.byteArray();
        if (array != null) {
            putUtf8(array, buffer.wrapAdjustment() + position, value);
        } else {
            putUtf8(buffer, position, value);
        }
        return position + length;
    }

    private static void putUtf8(byte[] out, int start, String value) {
        int at = start;
        int chars = value.length();
        int i = 0;
        while (i < chars) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                break;
            }
            out[at++] = (byte) c;
            i++;
        }
        for (; i < chars; i++) {
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
    }

    private static void putUtf8(MutableDirectBuffer out, int start, String value) {
        int at = start;
        int chars = value.length();
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                out.putByte(at++, (byte) c);
            } else if (c < 0x800) {
                out.putByte(at++, (byte) (0xC0 | (c >> 6)));
                out.putByte(at++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, value.charAt(++i));
                out.putByte(at++, (byte) (0xF0 | (codePoint >> 18)));
                out.putByte(at++, (byte) (0x80 | ((codePoint >> 12) & 0x3F)));
                out.putByte(at++, (byte) (0x80 | ((codePoint >> 6) & 0x3F)));
                out.putByte(at++, (byte) (0x80 | (codePoint & 0x3F)));
            } else {
                out.putByte(at++, (byte) (0xE0 | (c >> 12)));
                out.putByte(at++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                out.putByte(at++, (byte) (0x80 | (c & 0x3F)));
            }
        }
    }
}
