package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.Arrays;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Damaged records: truncation always fails with {@link CorruptRecordException}; damage never gives
 * any other exception, and never a different event.
 */
class EventCodecCorruptionTest {

    @Test
    void everyTruncationOfAValidRecordIsRejected() {
        RandomEvents events = new RandomEvents(42);
        for (int n = 0; n < 60; n++) {
            byte[] record = EventCodec.toBytes(events.next());
            // Inside a larger buffer, so that the decoder could read past the length if it tried.
            UnsafeBuffer buffer = new UnsafeBuffer(Arrays.copyOf(record, record.length + 64));
            for (int length = 0; length < record.length; length++) {
                int truncated = length;
                assertThatThrownBy(() -> EventCodec.decode(buffer, 0, truncated))
                        .as("record %d truncated to %d of %d bytes", n, truncated, record.length)
                        .isInstanceOf(CorruptRecordException.class);
            }
        }
    }

    @Test
    void truncationIsRejectedEvenWhenTheChecksumIsRecomputed() {
        // A writer that died mid-record and a checksum computed over what it wrote: the structure itself must fail.
        RandomEvents events = new RandomEvents(43);
        for (int n = 0; n < 60; n++) {
            byte[] record = EventCodec.toBytes(events.next());
            for (int body = 1; body < record.length - 4; body++) {
                byte[] truncated = Arrays.copyOf(record, body + 4);
                CodecChecks.resealChecksum(truncated);
                assertThatThrownBy(() -> EventCodec.fromBytes(truncated))
                        .as("record %d cut to a %d-byte body", n, body)
                        .isInstanceOf(CorruptRecordException.class);
            }
        }
    }

    @Test
    void randomBitFlipsAreRejected() {
        Random random = new Random(44);
        RandomEvents events = new RandomEvents(45);
        for (int n = 0; n < 5_000; n++) {
            byte[] record = EventCodec.toBytes(events.next());
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int bit = random.nextInt(record.length * 8);
                record[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            assertThatThrownBy(() -> EventCodec.fromBytes(record))
                    .as("case %d", n)
                    .isInstanceOf(CorruptRecordException.class);
        }
    }

    @Test
    void damageBehindAValidChecksumIsRejectedOrDecodesCanonically() {
        Random random = new Random(46);
        RandomEvents events = new RandomEvents(47);
        int rejected = 0;
        for (int n = 0; n < 5_000; n++) {
            Event original = events.next();
            byte[] record = EventCodec.toBytes(original);
            int bodyEnd = record.length - 4;
            int damage = random.nextInt(4);
            if (damage == 0) {
                int bit = 8 + random.nextInt((bodyEnd - 1) * 8);
                record[bit / 8] ^= (byte) (1 << (bit % 8));
            } else if (damage == 1) {
                record[1 + random.nextInt(bodyEnd - 1)] = (byte) random.nextInt(256);
            } else if (damage == 2) {
                record[1 + random.nextInt(bodyEnd - 1)] = (byte) (random.nextBoolean() ? 0xFF : 0x80);
            } else {
                int at = 1 + random.nextInt(bodyEnd - 1);
                int count = Math.min(1 + random.nextInt(8), bodyEnd - at);
                for (int i = 0; i < count; i++) {
                    record[at + i] = (byte) random.nextInt(256);
                }
            }
            CodecChecks.resealChecksum(record);
            if (CodecChecks.decodeOrReject(record) == null) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(1_000);
    }

    @Test
    void randomBytesNeverMisbehave() {
        Random random = new Random(48);
        for (int n = 0; n < 5_000; n++) {
            byte[] body = new byte[random.nextInt(80)];
            random.nextBytes(body);
            if (body.length > 0 && random.nextBoolean()) {
                body[0] = (byte) random.nextInt(24); // a valid type code, to get further into the record
            }
            CodecChecks.decodeOrReject(CodecChecks.frame(body));
            CodecChecks.decodeOrReject(body);
        }
    }

    @Test
    void hugeDeclaredLengthsAreRejectedWithoutAllocating() {
        // type code 0, then an event id "length" of 2^31 - 1 in a record of a few bytes.
        byte[] record = CodecChecks.frame(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        assertThatThrownBy(() -> EventCodec.fromBytes(record))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void deepNestingInADamagedRecordIsCappedNotAStackOverflow() {
        // A payload that claims 100,000 nested single-element lists.
        int depth = 100_000;
        byte[] valid = EventCodec.toBytes(Event.builder(EventType.CUSTOM).eventId("i").build());
        int payloadAt = valid.length - 5; // the empty payload's count byte, before the checksum
        byte[] record = Arrays.copyOf(valid, payloadAt + 3 + depth * 2 + 1 + 4);
        int at = payloadAt;
        record[at++] = 1; // one entry
        record[at++] = 0; // key ""
        for (int i = 0; i < depth; i++) {
            record[at++] = 7; // list
            record[at++] = 1; // of one value
        }
        record[at++] = 0; // null
        byte[] exact = Arrays.copyOf(record, at + 4);
        CodecChecks.resealChecksum(exact);

        assertThatThrownBy(() -> EventCodec.fromBytes(exact))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("nested deeper than " + EventCodec.MAX_NESTING_DEPTH);
    }
}
