package io.linebus.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;

/**
 * The frame around every binary record linebus stores: a version byte first, a CRC-32C of all the
 * bytes before it last. The checksum is what lets a reader refuse a damaged record instead of
 * returning a plausible but wrong value.
 */
final class RecordFrame {
    static final int CHECKSUM_LENGTH = Integer.BYTES;

    private RecordFrame() {
    }

    /** Appends the checksum of what {@code writer} holds from {@code start} on. */
    static void seal(RecordWriter writer, int start) {
        CRC32C crc = new CRC32C();
        crc.update(writer.array(), start, writer.position() - start);
        writer.putIntLittleEndian((int) crc.getValue());
    }

    /**
     * Checks the version byte and the checksum of the {@code length} bytes at {@code offset}.
     *
     * @param what the kind of record, for messages
     * @return the length of version byte plus body (where the checksum starts)
     * @throws CorruptRecordException when the record is too short, of another version or damaged
     */
    static int verify(DirectBuffer buffer, int offset, int length, int version, String what) {
        if (length < 1 + CHECKSUM_LENGTH) {
            throw new CorruptRecordException(what + " truncated: " + length + " bytes is shorter than any valid record");
        }
        int stored = buffer.getByte(offset) & 0xFF;
        if (stored != version) {
            throw new CorruptRecordException("Unsupported " + what + " format version " + stored
                    + " (this linebus reads version " + version + ")");
        }
        int body = length - CHECKSUM_LENGTH;
        int storedChecksum = buffer.getInt(offset + body, ByteOrder.LITTLE_ENDIAN);
        int actualChecksum = checksum(buffer, offset, body);
        if (storedChecksum != actualChecksum) {
            throw new CorruptRecordException(what + " checksum mismatch (stored 0x" + Integer.toHexString(storedChecksum)
                    + ", computed 0x" + Integer.toHexString(actualChecksum) + "): the record is truncated or damaged");
        }
        return body;
    }

    /** CRC-32C (hardware-accelerated by the JDK) of {@code length} bytes from {@code offset}. */
    static int checksum(DirectBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        byte[] array = buffer.byteArray();
        ByteBuffer byteBuffer = buffer.byteBuffer();
        if (array != null) {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
        } else if (byteBuffer != null) {
            ByteBuffer view = byteBuffer.duplicate();
            int start = buffer.wrapAdjustment() + offset;
            view.limit(start + length).position(start);
            crc.update(view);
        } else {
            // A buffer over a bare address: copied through a small array.
            byte[] chunk = new byte[Math.min(length, 4096)];
            for (int done = 0; done < length; ) {
                int n = Math.min(chunk.length, length - done);
                buffer.getBytes(offset + done, chunk, 0, n);
                crc.update(chunk, 0, n);
                done += n;
            }
        }
        return (int) crc.getValue();
    }
}
