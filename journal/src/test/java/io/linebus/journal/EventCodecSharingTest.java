package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What format 2 shares within a record: each key is spelled out once and referred to by number
 * afterwards, and a map in a list with the keys of the map before it carries only its values. The
 * decoder accepts exactly that form and nothing looser.
 */
class EventCodecSharingTest {
    private static final int TAG_NULL = 0;
    private static final int TAG_LONG = 3;
    private static final int TAG_MAP = 6;
    private static final int TAG_LIST = 7;
    private static final int TAG_MAP_LIKE_PREVIOUS = 8;

    private static Event withPayload(Map<String, ?> payload) {
        return Event.builder(EventType.CUSTOM).eventId("e-1").source("test").payload(payload).build();
    }

    private static int occurrences(byte[] record, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        int count = 0;
        for (int i = 0; i + needle.length <= record.length; i++) {
            if (Arrays.equals(record, i, i + needle.length, needle, 0, needle.length)) {
                count++;
            }
        }
        return count;
    }

    private static Map<String, Object> measurement(String name, double value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("measurement_name", name);
        map.put("measured_value", value);
        map.put("unit_of_measure", "Ohm");
        return map;
    }

    @Test
    void aKeyIsSpelledOutOncePerRecordHoweverOftenItRepeats() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("first", measurement("R1", 1.0));
        payload.put("second", Map.of("nested", measurement("R2", 2.0)));
        payload.put("list", List.of(measurement("R3", 3.0), Map.of("measurement_name", "R4")));
        Event event = withPayload(payload);

        byte[] record = EventCodec.toBytes(event);

        assertThat(occurrences(record, "measurement_name")).isEqualTo(1);
        assertThat(occurrences(record, "unit_of_measure")).isEqualTo(1);
        assertThat(EventCodec.fromBytes(record)).isEqualTo(event);
    }

    @Test
    void keysBeyondAsciiAreFoundAgainByTheirContent() {
        String[] texts = {"Prüfschritt", "温度", "\uD83D\uDE00 smile", "ab", "a\u00e9"};
        Map<String, Object> first = new LinkedHashMap<>();
        Map<String, Object> second = new LinkedHashMap<>();
        for (String text : texts) {
            first.put(text, 1L);
            second.put(new String(text.toCharArray()), 2L); // equal, not the same instance
        }
        Event event = withPayload(Map.of("first", first, "second", Map.of("inner", second)));

        byte[] record = EventCodec.toBytes(event);

        for (String text : texts) {
            assertThat(occurrences(record, text)).as(text).isEqualTo(1);
        }
        assertThat(CodecChecks.decodeOrReject(record)).isEqualTo(event);
    }

    @Test
    void mapsOfOneShapeInAListCarryTheirValuesOnly() {
        List<Map<String, Object>> measurements = List.of(measurement("R1", 1.0), measurement("R2", 2.0),
                measurement("R3", 3.0));
        Event event = withPayload(Map.of("measurements", measurements));

        byte[] record = EventCodec.toBytes(event);
        byte[] single = EventCodec.toBytes(withPayload(Map.of("measurements", measurements.subList(0, 1))));

        // Each further map adds a tag, the name (tag, length, 2 bytes), the double (tag, 8) and "Ohm"
        // (tag, length, 3 bytes): 19 bytes, and not one byte of key.
        assertThat(record.length - single.length).isEqualTo(2 * 19);
        Event decoded = EventCodec.fromBytes(record);
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.payload().get("measurements")).isEqualTo(measurements);
    }

    @Test
    void mapsOfDifferentShapesOrOrdersAreEachSpelledOut() {
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("unit_of_measure", "Ohm");
        reordered.put("measurement_name", "R2");
        reordered.put("measured_value", 2.0);
        List<Object> mixed = Arrays.asList(measurement("R1", 1.0), reordered, null, measurement("R3", 3.0),
                Map.of(), Map.of(), 7L, Map.of("measurement_name", "R4"));
        Event event = withPayload(Map.of("mixed", mixed));

        assertThat(EventCodec.fromBytes(EventCodec.toBytes(event))).isEqualTo(event);
        assertThat(EventCodec.toBytes(EventCodec.fromBytes(EventCodec.toBytes(event))))
                .isEqualTo(EventCodec.toBytes(event));
    }

    // ------------------------------------------------------------ records the encoder never writes

    /** A framed record of a CUSTOM event with an empty custom map and the payload {@code payload} bytes. */
    private static byte[] recordWithPayload(int... payload) {
        byte[] valid = EventCodec.toBytes(withPayload(Map.of()));
        int payloadAt = valid.length - 5; // the empty payload's count byte, before the checksum
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(valid, 1, payloadAt - 1);
        for (int b : payload) {
            body.write(b);
        }
        return CodecChecks.frame(body.toByteArray());
    }

    /** A spelled-out key: length times two (an even prefix), then its ASCII bytes. */
    private static int[] key(String text) {
        int[] bytes = new int[text.length() + 1];
        bytes[0] = text.length() * 2;
        for (int i = 0; i < text.length(); i++) {
            bytes[i + 1] = text.charAt(i);
        }
        return bytes;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void theCraftedFormIsWhatTheEncoderWrites() {
        // {"a": 1, "b": {"a": null}}: "a" spelled out once, then referred to as key 0 (2 * 0 + 1).
        byte[] record = recordWithPayload(concat(new int[] {2}, key("a"), new int[] {TAG_LONG, 2}, key("b"),
                new int[] {TAG_MAP, 1, 1, TAG_NULL}));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("a", null);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("a", 1L);
        payload.put("b", inner);

        assertThat(CodecChecks.decodeOrReject(record).payload()).isEqualTo(payload);
    }

    @Test
    void aKeySpelledOutTwiceIsRejected() {
        byte[] record = recordWithPayload(concat(new int[] {2}, key("a"), new int[] {TAG_LONG, 2}, key("b"),
                new int[] {TAG_MAP, 1}, key("a"), new int[] {TAG_NULL}));

        assertThatThrownBy(() -> EventCodec.fromBytes(record)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("Key 'a' spelled out again");
    }

    @Test
    void aKeyNumberPastTheKeysSoFarIsRejected() {
        byte[] record = recordWithPayload(concat(new int[] {2}, key("a"), new int[] {TAG_NULL, 2 * 1 + 1, TAG_NULL}));

        assertThatThrownBy(() -> EventCodec.fromBytes(record)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("Key number 1 refers past the 1 keys");
    }

    @Test
    void aKeyNumberRepeatedInOneMapIsADuplicateKey() {
        byte[] record = recordWithPayload(concat(new int[] {2}, key("a"), new int[] {TAG_NULL, 1, TAG_NULL}));

        assertThatThrownBy(() -> EventCodec.fromBytes(record)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("Duplicate map key 'a'");
    }

    @Test
    void aMapLikeThePreviousOneOutsideAListIsRejected() {
        byte[] record = recordWithPayload(concat(new int[] {1}, key("a"), new int[] {TAG_MAP_LIKE_PREVIOUS}));

        assertThatThrownBy(() -> EventCodec.fromBytes(record)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("outside a list");
    }

    @Test
    void aMapLikeThePreviousOneWithNoMapBeforeItIsRejected() {
        byte[] first = recordWithPayload(concat(new int[] {1}, key("l"), new int[] {TAG_LIST, 1, TAG_MAP_LIKE_PREVIOUS}));
        byte[] afterNull = recordWithPayload(concat(new int[] {1}, key("l"),
                new int[] {TAG_LIST, 2, TAG_NULL, TAG_MAP_LIKE_PREVIOUS}));

        for (byte[] record : List.of(first, afterNull)) {
            assertThatThrownBy(() -> EventCodec.fromBytes(record)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("the element before it is no map");
        }
    }

    @Test
    void aMapThatSpellsOutTheKeysOfTheMapBeforeItIsNotCanonical() {
        // [{"a": 1}, {"a": 2}] with the second map written in full (key 0 again) instead of as tag 8.
        byte[] record = recordWithPayload(concat(new int[] {1}, key("l"), new int[] {TAG_LIST, 2, TAG_MAP, 1},
                key("a"), new int[] {TAG_LONG, 2, TAG_MAP, 1, 2 * 1 + 1, TAG_LONG, 4}));

        assertThatThrownBy(() -> EventCodec.fromBytes(record)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("not canonical");
    }

    @Test
    void aMapLikeThePreviousOneIsDecodedWithItsKeys() {
        byte[] record = recordWithPayload(concat(new int[] {1}, key("l"), new int[] {TAG_LIST, 2, TAG_MAP, 1},
                key("a"), new int[] {TAG_LONG, 2, TAG_MAP_LIKE_PREVIOUS, TAG_LONG, 4}));

        assertThat(CodecChecks.decodeOrReject(record).payload())
                .isEqualTo(Map.of("l", List.of(Map.of("a", 1L), Map.of("a", 2L))));
    }
}
