package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.models.Event;
import java.util.ArrayList;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random events (payloads, metadata, timestamps, strings of every kind) round-trip exactly. */
class EventCodecPropertyTest {
    private static final int EVENTS_PER_SEED = 1_500;

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L, 20261126L})
    void randomEventsRoundTripExactly(long seed) {
        RandomEvents events = new RandomEvents(seed);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        for (int i = 0; i < EVENTS_PER_SEED; i++) {
            Event event = events.next();
            int offset = i % 7;
            int length = EventCodec.encode(event, buffer, offset);

            Event decoded = EventCodec.decode(buffer, offset, length);

            assertThat(decoded).as("seed %d, event %d", seed, i).isEqualTo(event);
            assertThat(new ArrayList<>(decoded.payload().keySet())).containsExactlyElementsOf(event.payload().keySet());
            assertThat(decoded.timestamp().getOffset()).isEqualTo(event.timestamp().getOffset());
            byte[] again = EventCodec.toBytes(decoded);
            byte[] original = new byte[length];
            buffer.getBytes(offset, original);
            assertThat(again).as("canonical, seed %d, event %d", seed, i).isEqualTo(original);
        }
    }
}
