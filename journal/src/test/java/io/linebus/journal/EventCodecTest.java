package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventCodecTest {

    private static Event roundTrip(Event event) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        int length = EventCodec.encode(event, buffer, 0);
        Event decoded = EventCodec.decode(buffer, 0, length);
        assertThat(decoded).isEqualTo(event);
        return decoded;
    }

    private static Event withPayload(Map<String, ?> payload) {
        return Event.builder(EventType.CUSTOM).payload(payload).build();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTrips(EventType type) {
        Event event = Event.create(type, Map.of("unit", "SN-1"), "station-7", "corr-1");
        assertThat(roundTrip(event).eventType()).isSameAs(type);
    }

    @Test
    void eventTypeCodesArePartOfFormatVersion1() {
        // The codec stores the ordinal: reordering EventType would silently change old journals.
        assertThat(Arrays.stream(EventType.values()).map(EventType::value)).containsExactly(
                "test.result", "test.started", "inspection.result", "inspection.started", "asset.fault",
                "asset.maintenance", "asset.state_changed", "asset.calibration", "material.installed",
                "material.consumed", "material.rejected", "production.work_started", "production.work_completed",
                "production.unit_arrived", "production.unit_departed", "production.unit_disqualified",
                "production.work_order_created", "production.work_order_updated", "system.transport_connected",
                "system.transport_disconnected", "system.transport_error", "system.handler_error",
                "system.dead_letter", "custom");
    }

    @Test
    void realisticNestedPayloadRoundTripsInOrder() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("serial_number", "SN-2026-000123");
        payload.put("part_number", "PCBA-100");
        payload.put("result", "failed");
        payload.put("duration_s", 12.75);
        payload.put("retest", false);
        payload.put("operator", null);
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", "Step " + i);
            step.put("status", i == 3 ? "failed" : "passed");
            step.put("measurements", List.of(
                    Map.of("name", "voltage", "value", 3.3 + i / 100.0, "low_limit", 3.2, "high_limit", 3.4,
                            "unit", "V"),
                    Map.of("name", "current", "value", 120L + i, "unit", "mA")));
            steps.add(step);
        }
        payload.put("steps", steps);
        payload.put("misc", Map.of("tags", List.of("a", "b", List.of(1L, 2.5, true, Collections.singletonMap("k", null)))));
        Event event = Event.builder(EventType.TEST_RESULT).payload(payload).source("station-7").build();

        Event decoded = roundTrip(event);

        assertThat(new ArrayList<>(decoded.payload().keySet())).containsExactlyElementsOf(payload.keySet());
        assertThat(decoded.toMap().toString()).isEqualTo(event.toMap().toString());
    }

    @Test
    void everyMetadataFieldRoundTripsWithNullsDistinctFromEmpty() {
        OffsetDateTime time = OffsetDateTime.of(2026, 11, 26, 21, 35, 33, 94_582_000, ZoneOffset.ofHoursMinutes(5, 30));
        Event full = Event.builder(EventType.ASSET_FAULT)
                .eventId("0190f1a2-0000-7000-8000-000000000001").correlationId("corr-123").causationId("cause-1")
                .timestamp(time).source("test-station").sourceTopic("cfx/line1").retryCount(7)
                .traceId("trace-456").spanId("span-1").custom(Map.of("site", "Oslo", "shift", 2L))
                .payload(Map.of("fault", "temperature")).build();
        Event empties = Event.builder(EventType.ASSET_FAULT).correlationId("").causationId("").source("")
                .sourceTopic("").traceId("").spanId("").build();
        Event nulls = Event.builder(EventType.ASSET_FAULT).build();

        Event decodedFull = roundTrip(full);
        Event decodedEmpties = roundTrip(empties);
        Event decodedNulls = roundTrip(nulls);

        assertThat(decodedFull.metadata()).isEqualTo(full.metadata());
        assertThat(decodedFull.timestamp().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(decodedEmpties.metadata().correlationId()).isEmpty();
        assertThat(decodedEmpties.metadata().sourceTopic()).isEmpty();
        assertThat(decodedEmpties.source()).isEmpty();
        assertThat(decodedNulls.metadata().correlationId()).isNull();
        assertThat(decodedNulls.metadata().traceId()).isNull();
        assertThat(decodedNulls.metadata().custom()).isEmpty();
    }

    @Test
    void timestampsKeepTheirOffsetAndFullPrecision() {
        List<OffsetDateTime> times = List.of(
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 123_456_000, ZoneOffset.UTC),
                OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.ofHours(-8)),
                OffsetDateTime.of(2026, 6, 1, 12, 0, 0, 1, ZoneOffset.ofHoursMinutesSeconds(1, 2, 3)),
                OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(18)),
                OffsetDateTime.MIN,
                OffsetDateTime.MAX);
        for (OffsetDateTime time : times) {
            Event event = Event.builder(EventType.TEST_STARTED).timestamp(time).build();
            assertThat(roundTrip(event).timestamp()).isEqualTo(time);
        }
    }

    @Test
    void doublesRoundTripBitForBitIncludingNanAndNegativeZero() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("nan", Double.NaN);
        payload.put("negative_zero", -0.0);
        payload.put("zero", 0.0);
        payload.put("infinity", Double.POSITIVE_INFINITY);
        payload.put("negative_infinity", Double.NEGATIVE_INFINITY);
        payload.put("smallest", Double.MIN_VALUE);
        payload.put("largest", Double.MAX_VALUE);
        payload.put("pi", Math.PI);

        Event decoded = roundTrip(withPayload(payload));

        for (Map.Entry<String, Object> entry : payload.entrySet()) {
            assertThat(Double.doubleToRawLongBits((Double) decoded.payload().get(entry.getKey())))
                    .as(entry.getKey())
                    .isEqualTo(Double.doubleToRawLongBits((Double) entry.getValue()));
        }
        assertThat(decoded.payload().get("negative_zero")).isNotEqualTo(0.0);
    }

    @Test
    void longsAndBooleansKeepTheirTypeAndValue() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("min", Long.MIN_VALUE);
        payload.put("max", Long.MAX_VALUE);
        payload.put("minus_one", -1L);
        payload.put("int_widened", 42); // frozen to Long by Event
        payload.put("yes", true);
        payload.put("no", false);

        Event decoded = roundTrip(withPayload(payload));

        assertThat(decoded.payload().get("min")).isEqualTo(Long.MIN_VALUE);
        assertThat(decoded.payload().get("int_widened")).isEqualTo(42L);
        assertThat(decoded.payload().get("no")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void unicodeStringsRoundTripIncludingSurrogatePairsAndLoneSurrogates() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("emoji", "ok \uD83D\uDE00 \uD83C\uDFED done");
        payload.put("cjk", "測試結果 テスト 시험");
        payload.put("combining", "e\u0301 \u00E9 \u212B");
        payload.put("controls", "\u0000\u0001\n\t\u007F\u0080\u07FF\u0800\uFFFF");
        payload.put("lone_high", "a\uD800b");
        payload.put("lone_low", "a\uDC00b");
        payload.put("reversed_pair", "\uDC00\uD800");
        payload.put("high_then_pair", "\uD800\uD83D\uDE00");
        payload.put("trailing_high", "end\uDBFF");
        payload.put("\uD83D\uDE00 key", "emoji key");
        payload.put("", "empty key");

        Event decoded = roundTrip(withPayload(payload));

        assertThat(decoded.payload()).containsExactlyEntriesOf(payload);
    }

    @Test
    void hugeStringsRoundTrip() {
        StringBuilder text = new StringBuilder(3_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            text.append((char) ('a' + i % 26)).append(i % 1000 == 0 ? "\uD83D\uDE00" : "\u00E9");
        }
        Event event = withPayload(Map.of("log", text.toString(), "ascii", "x".repeat(2_000_000)));

        Event decoded = roundTrip(event);

        assertThat(decoded.payload().get("log")).isEqualTo(text.toString());
    }

    @Test
    void nullsAndEmptyContainersRoundTrip() {
        List<Object> withNulls = new ArrayList<>(Arrays.asList(null, "x", null));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("null", null);
        payload.put("empty_map", Map.of());
        payload.put("empty_list", List.of());
        payload.put("list_with_nulls", withNulls);
        payload.put("empty_string", "");

        Event decoded = roundTrip(withPayload(payload));

        assertThat(decoded.payload()).containsKey("null");
        assertThat(decoded.payload().get("list_with_nulls")).isEqualTo(withNulls);
        assertThat(decoded.payload().get("empty_map")).isEqualTo(Map.of());
    }

    @Test
    void encodesAtAnOffsetIntoAReusedBuffer() {
        Event first = withPayload(Map.of("n", 1L, "text", "first"));
        Event second = withPayload(Map.of("n", 2L));
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);

        int firstLength = EventCodec.encode(first, buffer, 10);
        int secondLength = EventCodec.encode(second, buffer, 10 + firstLength);

        assertThat(EventCodec.decode(buffer, 10, firstLength)).isEqualTo(first);
        assertThat(EventCodec.decode(buffer, 10 + firstLength, secondLength)).isEqualTo(second);
        int again = EventCodec.encode(second, buffer, 0);
        assertThat(again).isEqualTo(secondLength);
        assertThat(EventCodec.decode(buffer, 0, again)).isEqualTo(second);
    }

    @Test
    void directAndHeapBuffersHoldTheSameBytes() {
        Event event = new RandomEvents(7).next();
        byte[] expected = EventCodec.toBytes(event);
        List<MutableDirectBuffer> buffers = List.of(
                new ExpandableDirectByteBuffer(8),
                new UnsafeBuffer(ByteBuffer.allocateDirect(expected.length + 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(expected.length + 40), 7, expected.length + 20),
                new UnsafeBuffer(new byte[expected.length + 20], 3, expected.length + 10));

        for (MutableDirectBuffer buffer : buffers) {
            int length = EventCodec.encode(event, buffer, 5);
            byte[] actual = new byte[length];
            buffer.getBytes(5, actual);
            assertThat(actual).as(buffer.getClass().getSimpleName()).isEqualTo(expected);
            assertThat(EventCodec.decode(buffer, 5, length)).isEqualTo(event);
        }
    }

    @Test
    void encodingIsCanonical() {
        Event event = new RandomEvents(11).next();
        byte[] bytes = EventCodec.toBytes(event);
        assertThat(EventCodec.toBytes(EventCodec.fromBytes(bytes))).isEqualTo(bytes);
    }

    @Test
    void nestingUpToTheLimitRoundTripsAndDeeperIsRejected() {
        assertThat(roundTrip(withPayload(nested(EventCodec.MAX_NESTING_DEPTH - 1))).payload()).isNotEmpty();

        Event tooDeep = withPayload(nested(EventCodec.MAX_NESTING_DEPTH));
        assertThatThrownBy(() -> EventCodec.toBytes(tooDeep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper than " + EventCodec.MAX_NESTING_DEPTH);
        Event tooDeepList = withPayload(Map.of("l", nestedList(EventCodec.MAX_NESTING_DEPTH)));
        assertThatThrownBy(() -> EventCodec.toBytes(tooDeepList)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The nesting cap is what keeps encoder and decoder (both recursive) off a thread's stack limit:
     * at the cap, a round trip fits in a 512 KiB stack (half the default) even once the JIT has
     * compiled them, when their frames are largest.
     */
    @Test
    void aRecordNestedToTheLimitFitsInAHalfSizeStackOnceCompiled() throws Exception {
        byte[] shallow = EventCodec.toBytes(withPayload(nested(12)));
        for (int i = 0; i < 50_000; i++) {
            EventCodec.fromBytes(EventCodec.toBytes(EventCodec.fromBytes(shallow)));
        }
        Event deepest = withPayload(nested(EventCodec.MAX_NESTING_DEPTH - 1));
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(EventCodec.fromBytes(EventCodec.toBytes(deepest)));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();

        assertThat(outcome.get()).isEqualTo(deepest);
    }

    /** A payload whose innermost container sits at level {@code levels + 1} (the payload is level 1). */
    private static Map<String, Object> nested(int levels) {
        Object inner = Map.of("leaf", 1L);
        for (int i = 1; i < levels; i++) {
            inner = i % 2 == 0 ? Map.of("m", inner) : List.of(inner);
        }
        return Map.of("root", inner);
    }

    private static Object nestedList(int levels) {
        Object inner = List.of();
        for (int i = 1; i < levels; i++) {
            inner = List.of(inner);
        }
        return inner;
    }

    @Test
    void aFixedBufferThatIsTooSmallIsRejected() {
        Event event = withPayload(Map.of("text", "x".repeat(100)));
        UnsafeBuffer small = new UnsafeBuffer(new byte[40]);

        assertThatThrownBy(() -> EventCodec.encode(event, small, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        Event event = withPayload(Map.of());
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

        assertThatThrownBy(() -> EventCodec.encode(null, buffer, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("event");
        assertThatThrownBy(() -> EventCodec.encode(event, null, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("buffer");
        assertThatThrownBy(() -> EventCodec.encode(event, buffer, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCodec.decode(null, 0, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("buffer");
        assertThatThrownBy(() -> EventCodec.decode(buffer, 60, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the buffer");
        assertThatThrownBy(() -> EventCodec.decode(buffer, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCodec.fromBytes(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anotherFormatVersionIsReportedAsSuch() {
        byte[] record = EventCodec.toBytes(withPayload(Map.of()));
        record[0] = 1; // linebus 0.1's format before the key table
        CodecChecks.resealChecksum(record);

        assertThatThrownBy(() -> EventCodec.fromBytes(record))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("format version 1");
    }

    @Test
    void bytesAfterTheEventAreRejected() {
        byte[] record = EventCodec.toBytes(withPayload(Map.of("a", 1L)));
        byte[] longer = Arrays.copyOf(record, record.length + 1);
        longer[longer.length - 5] = 0; // an extra byte before the checksum
        CodecChecks.resealChecksum(longer);

        assertThatThrownBy(() -> EventCodec.fromBytes(longer))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("unexpected bytes");
    }

    @Test
    void eventIdsThatTheModelWouldReplaceAreRejected() {
        // A blank id would make EventMetadata generate a new one: a different event, so corrupt.
        Event event = Event.builder(EventType.CUSTOM).eventId("X").build();
        byte[] record = EventCodec.toBytes(event);
        int idAt = 3; // version, type code, length 1
        assertThat(record[idAt]).isEqualTo((byte) 'X');
        record[idAt] = ' ';
        CodecChecks.resealChecksum(record);

        assertThatThrownBy(() -> EventCodec.fromBytes(record))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("Blank event id");
    }

    @Test
    void aSmallEventIsCompact() {
        Event event = Event.builder(EventType.TEST_RESULT).source("st-1")
                .payload(Map.of("serial_number", "SN-1", "result", "passed")).build();
        // 36-char id + a few bytes of framing and metadata + the payload text.
        assertThat(EventCodec.toBytes(event).length).isLessThan(120);
    }
}
