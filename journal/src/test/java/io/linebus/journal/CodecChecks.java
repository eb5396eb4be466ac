package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.linebus.models.Event;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/** Assertions shared by the codec's corruption, property and fuzz tests. */
final class CodecChecks {
    private CodecChecks() {
    }

    /**
     * Decodes {@code record}: it must either be rejected with a {@link CorruptRecordException} and
     * nothing else, or decode to an event that encodes back to exactly the same bytes (so that no
     * damage can ever pass for a different event).
     *
     * @return the event, or null when the record was rejected
     */
    static Event decodeOrReject(byte[] record) {
        Event event;
        try {
            event = EventCodec.fromBytes(record);
        } catch (CorruptRecordException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("Decoding " + Arrays.toString(Arrays.copyOf(record, Math.min(record.length, 64)))
                    + "... threw " + e + " instead of CorruptRecordException", e);
        }
        byte[] again = EventCodec.toBytes(event);
        if (!Arrays.equals(again, record)) {
            fail("Record decoded to an event that encodes differently: the decoder accepted a non-canonical form");
        }
        return event;
    }

    /** {@code body} framed as a valid record: version byte, body, correct CRC-32C. */
    static byte[] frame(byte[] body) {
        byte[] record = new byte[body.length + 5];
        record[0] = EventCodec.FORMAT_VERSION;
        System.arraycopy(body, 0, record, 1, body.length);
        resealChecksum(record);
        return record;
    }

    /** Rewrites the last four bytes as the CRC-32C of the rest, as an intact writer would have. */
    static void resealChecksum(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, record.length - 4);
        new UnsafeBuffer(record).putInt(record.length - 4, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
    }
}
