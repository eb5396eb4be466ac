package io.linebus.models;

import static io.linebus.models.JsonAssertions.assertSameJson;
import static io.linebus.models.JsonAssertions.compact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {
    /**
     * What {@code json.dumps(event.to_dict())} writes for a CFX test result in pyWATS (written
     * from Python's format rules: ", " and ": " separators, isoformat times, repr floats).
     */
    static final String PYTHON_TEST_RESULT = "{\"event_id\": \"0195f3c2-7b1e-7a3c-9d4e-5f6a7b8c9d0e\", "
            + "\"timestamp\": \"2026-11-26T21:35:33.094582+00:00\", \"event_type\": \"test.result\", "
            + "\"payload\": {\"unit_id\": \"SN-0001\", \"result\": \"fail\", \"part_number\": \"PN-100\", "
            + "\"revision\": \"B\", \"station_id\": \"ICT-3\", \"operator_id\": null, "
            + "\"start_time\": \"2026-11-26T21:35:30+00:00\", \"end_time\": \"2026-11-26T21:35:33.094582+00:00\", "
            + "\"steps\": [{\"name\": \"Voltage 3V3\", \"status\": \"pass\", \"measurements\": [{\"name\": \"V3V3\", "
            + "\"value\": 3.301, \"unit\": \"V\", \"status\": \"pass\", \"low_limit\": 3.135, \"high_limit\": 3.465}]}, "
            + "{\"name\": \"Leakage\", \"status\": \"fail\", \"measurements\": [{\"name\": \"I_leak\", "
            + "\"value\": 1.2e-05, \"unit\": \"A\", \"status\": \"fail\", \"low_limit\": null, \"high_limit\": 1e-05}, "
            + "{\"name\": \"Count\", \"value\": 12, \"unit\": \"?\", \"status\": \"pass\", \"low_limit\": 0, "
            + "\"high_limit\": 100}]}], \"custom_data\": {\"cfx_transaction_id\": \"5c8e7f0a-1b2c-4d3e-8f9a-0b1c2d3e4f5a\", "
            + "\"test_method\": \"CFX_TEST\", \"lane\": 1, \"symptoms\": [], \"defects\": [\"D1\", \"D2\"], "
            + "\"big\": 9007199254740993, \"ratio\": 0.1, \"large\": 1e+16, \"flag\": true, \"nothing\": null, "
            + "\"text\": \"line1\\nline2 \\\"quoted\\\" \\\\ tab\\t\", \"ctl\": \"\\u0001\\u001f\\b\\f\\r\"}}, "
            + "\"metadata\": {\"event_id\": \"0195f3c2-7b1e-7a3c-9d4e-5f6a7b8c9d0e\", "
            + "\"correlation_id\": \"5c8e7f0a-1b2c-4d3e-8f9a-0b1c2d3e4f5a\", \"causation_id\": null, "
            + "\"timestamp\": \"2026-11-26T21:35:33.094582+00:00\", \"source\": \"cfx:cfx\", \"source_topic\": null, "
            + "\"retry_count\": 0, \"trace_id\": \"8f14e45f-ceea-467f-a0e6-3f1b2c4d5e6f\", \"span_id\": null, "
            + "\"custom\": {}}}";

    @Test
    void readsPythonJson() {
        Event event = EventJson.fromJson(PYTHON_TEST_RESULT);

        assertThat(event.eventType()).isEqualTo(EventType.TEST_RESULT);
        assertThat(event.eventId()).isEqualTo("0195f3c2-7b1e-7a3c-9d4e-5f6a7b8c9d0e");
        assertThat(event.timestamp()).isEqualTo(OffsetDateTime.of(2026, 11, 26, 21, 35, 33, 94_582_000, ZoneOffset.UTC));
        assertThat(event.source()).isEqualTo("cfx:cfx");
        assertThat(event.metadata().correlationId()).isEqualTo("5c8e7f0a-1b2c-4d3e-8f9a-0b1c2d3e4f5a");
        assertThat(event.metadata().causationId()).isNull();
        assertThat(event.metadata().retryCount()).isZero();
        assertThat(event.metadata().custom()).isEmpty();
        assertThat(event.payload().keySet()).containsExactly("unit_id", "result", "part_number", "revision",
                "station_id", "operator_id", "start_time", "end_time", "steps", "custom_data");
        @SuppressWarnings("unchecked")
        Map<String, Object> custom = (Map<String, Object>) event.payload().get("custom_data");
        assertThat(custom).containsEntry("lane", 1L)
                .containsEntry("big", 9_007_199_254_740_993L)
                .containsEntry("ratio", 0.1)
                .containsEntry("large", 1e16)
                .containsEntry("flag", true)
                .containsEntry("nothing", null)
                .containsEntry("symptoms", List.of())
                .containsEntry("text", "line1\nline2 \"quoted\" \\ tab\t")
                .containsEntry("ctl", "\u0001\u001f\b\f\r");
    }

    @Test
    void writesPythonJsonBackIdentically() {
        String written = EventJson.toJson(EventJson.fromJson(PYTHON_TEST_RESULT));

        assertThat(written).isEqualTo(compact(PYTHON_TEST_RESULT));
        assertSameJson(written, PYTHON_TEST_RESULT);
    }

    @Test
    void readsPythonsAsciiEscapesAndWritesUtf8() {
        String python = "{\"event_id\": \"e1\", \"timestamp\": \"2024-01-15T10:30:00+00:00\", "
                + "\"event_type\": \"asset.fault\", \"payload\": {\"fault_message\": \"Temp 85\\u00b0C \\u00e9\\ud83d\\ude00\", "
                + "\"ctl\": \"\\u0001\"}, \"metadata\": {\"event_id\": \"e1\", \"correlation_id\": null, "
                + "\"causation_id\": null, \"timestamp\": \"2024-01-15T10:30:00+00:00\", \"source\": \"unknown\", "
                + "\"source_topic\": null, \"retry_count\": 3, \"trace_id\": null, \"span_id\": null, "
                + "\"custom\": {\"k\": [1, 2.5, \"\\u00fc\"]}}}";

        Event event = EventJson.fromJson(python);
        String written = EventJson.toJson(event);

        assertThat(event.payload().get("fault_message")).isEqualTo("Temp 85\u00b0C \u00e9\ud83d\ude00");
        assertThat(event.payload().get("ctl")).isEqualTo("\u0001");
        assertThat(event.metadata().retryCount()).isEqualTo(3);
        assertThat(written).contains("Temp 85\u00b0C \u00e9\ud83d\ude00");
        assertSameJson(written, python);
        assertThat(EventJson.fromJson(written)).isEqualTo(event);
    }

    @Test
    void writesTheToMapShapeInOrder() {
        Event event = Event.builder(EventType.WORK_STARTED).payload(Map.of("unit", "SN1")).source("line")
                .traceId(EventIds.newTraceId()).custom(Map.of("k", 1)).build();

        Map<String, Object> parsed = EventJson.parseObject(EventJson.toJson(event));

        assertThat(parsed).isEqualTo(event.toMap());
        assertThat(parsed.keySet()).containsExactly("event_id", "timestamp", "event_type", "payload", "metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) parsed.get("metadata");
        assertThat(metadata.keySet()).containsExactly("event_id", "correlation_id", "causation_id", "timestamp",
                "source", "source_topic", "retry_count", "trace_id", "span_id", "custom");
        assertThat(EventJson.toJson(event)).contains("\"correlation_id\":null");
    }

    // D13
    @Test
    void unknownTypesReadAsCustomKeepingTheOriginal() {
        Event event = EventJson.fromJson("{\"event_type\": \"test_result\", \"payload\": {\"a\": 1}}");
        assertThat(event.eventType()).isEqualTo(EventType.CUSTOM);
        assertThat(event.metadata().custom()).containsEntry(Event.ORIGINAL_EVENT_TYPE, "test_result");
        assertThat(EventJson.fromJson(EventJson.toJson(event))).isEqualTo(event);
    }

    // D13
    @Test
    void topLevelIdAndTimestampFillInAMissingMetadata() {
        Event event = EventJson.fromJson("{\"event_id\": \"abc\", \"timestamp\": \"2024-01-15T10:30:00Z\", "
                + "\"event_type\": \"asset.fault\"}");
        assertThat(event.eventId()).isEqualTo("abc");
        assertThat(event.timestamp()).isEqualTo(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC));
        assertThat(event.payload()).isEmpty();
    }

    @Test
    void bytesAreTheUtf8OfTheText() {
        Event event = Event.create(EventType.CUSTOM, Map.of("text", "gr\u00fc\u00df \ud83d\ude00", "n", 1.5));
        byte[] bytes = EventJson.toJsonBytes(event);
        assertThat(bytes).isEqualTo(EventJson.toJson(event).getBytes(StandardCharsets.UTF_8));
        assertThat(EventJson.fromJson(bytes)).isEqualTo(event);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1                    | 0.1",
        "22.5                   | 22.5",
        "1.0                    | 1.0",
        "-0.0                   | -0.0",
        "0.0001                 | 0.0001",
        "0.00001                | 1e-05",
        "0.000012               | 1.2e-05",
        "1e15                   | 1000000000000000.0",
        "1e16                   | 1e+16",
        "1.5e16                 | 1.5e+16",
        "123456789.123          | 123456789.123",
        "1e100                  | 1e+100",
        "1.7976931348623157e308 | 1.7976931348623157e+308",
        "4.9e-324               | 5e-324",
        "2.2250738585072014e-308| 2.2250738585072014e-308",
        "0.30000000000000004    | 0.30000000000000004",
        "9007199254740993.0     | 9007199254740992.0",
        "-3.135                 | -3.135",
    })
    void writesDoublesAsPythonReprDoes(double value, String python) {
        assertThat(EventJson.writeValue(value)).isEqualTo(python);
        assertThat(EventJson.parseObject("{\"v\":" + python + "}").get("v")).isEqualTo(value);
    }

    @Test
    void writesPayloadValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("i", 1);
        value.put("l", Long.MIN_VALUE);
        value.put("f", 0.5f);
        value.put("list", List.of(true, "s"));
        value.put("n", null);
        assertThat(EventJson.writeValue(value))
                .isEqualTo("{\"i\":1,\"l\":-9223372036854775808,\"f\":0.5,\"list\":[true,\"s\"],\"n\":null}");
        assertThat(EventJson.writeValue(null)).isEqualTo("null");
        assertThat(EventJson.writeValue("a\"b")).isEqualTo("\"a\\\"b\"");
    }

    @Test
    void writeValueRejectsWhatJsonCannotHoldNamingThePath() {
        assertThatThrownBy(() -> EventJson.writeValue(Map.of("a", List.of(1, new Object()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot represent java.lang.Object at 'value.a[1]'");
        Map<Object, Object> badKey = new HashMap<>();
        badKey.put(1, "x");
        assertThatThrownBy(() -> EventJson.writeValue(Map.of("m", badKey)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-string key 1 at 'value.m'");
        assertThatThrownBy(() -> EventJson.writeValue(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot represent NaN");
    }

    @Test
    void toJsonRejectsNonFiniteNumbersNamingThePath() {
        Event nanPayload = Event.create(EventType.CUSTOM, Map.of("values", List.of(1.0, Double.NaN)));
        assertThatThrownBy(() -> EventJson.toJson(nanPayload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot represent NaN at 'payload.values[1]'");
        assertThatThrownBy(() -> EventJson.toJsonBytes(nanPayload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot represent NaN at 'payload.values[1]'");
        Event infiniteCustom = Event.builder(EventType.CUSTOM).custom(Map.of("x", Double.NEGATIVE_INFINITY)).build();
        assertThatThrownBy(() -> EventJson.toJson(infiniteCustom))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot represent -Infinity at 'metadata.custom.x'");
    }

    @Test
    void readsLongsAndDoublesAsPythonTypesThem() {
        Map<String, Object> parsed = EventJson.parseObject(
                "{\"i\": 1, \"d\": 1.0, \"e\": 1e2, \"max\": 9223372036854775807, \"min\": -9223372036854775808}");
        assertThat(parsed).containsExactly(
                Map.entry("i", 1L),
                Map.entry("d", 1.0),
                Map.entry("e", 100.0),
                Map.entry("max", Long.MAX_VALUE),
                Map.entry("min", Long.MIN_VALUE));
    }

    @Test
    void aDuplicateKeyKeepsTheLastValueAtTheFirstPositionAsPythonDoes() {
        assertThat(EventJson.parseObject("{\"a\": 1, \"b\": 2, \"a\": 3}"))
                .containsExactly(Map.entry("a", 3L), Map.entry("b", 2L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"payload\": {\"big\": 9223372036854775808}}   | the integer 9223372036854775808 (beyond the 64-bit long range) at '/payload/big'",
        "{\"payload\": {\"l\": [-9223372036854775809]}}  | the integer -9223372036854775809 (beyond the 64-bit long range) at '/payload/l/0'",
        "{\"payload\": {\"x\": NaN}}                     | NaN (not a finite double) at '/payload/x'",
        "{\"payload\": {\"x\": Infinity}}                | Infinity (not a finite double)",
        "{\"payload\": {\"x\": -Infinity}}               | -Infinity (not a finite double)",
        "{\"payload\": {\"x\": 1e400}}                   | 1e400 (not a finite double)",
    })
    void rejectsNumbersJavaCannotRepresent(String json, String message) {
        assertThatThrownBy(() -> EventJson.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot represent " + message)
                .hasMessageContaining("line 1, column");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{                        | Malformed JSON at line 1, column 2",
        "{\"a\":}                 | Malformed JSON at line 1, column 6",
        "{\"a\":1,}               | Malformed JSON at line 1",
        "{'a':1}                  | Malformed JSON at line 1, column 2",
        "{\"a\":tru}              | Malformed JSON at line 1",
        "{} x                     | Malformed JSON at line 1, column",
        "{}]                      | Malformed JSON at line 1, column 3",
        "{} {}                    | Trailing content after the JSON object at line 1, column 4",
        "[1]                      | JSON top level must be an object, got an array at line 1, column 1",
        "\"text\"                 | JSON top level must be an object, got a string",
        "42                       | JSON top level must be an object, got a number",
        "null                     | JSON top level must be an object, got null",
    })
    void rejectsMalformedJsonWithItsLocation(String json, String message) {
        assertThatThrownBy(() -> EventJson.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
        assertThatThrownBy(() -> EventJson.parseObject(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
        assertThatThrownBy(() -> EventJson.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void reportsTheLineOfAnErrorInMultiLineJson() {
        assertThatThrownBy(() -> EventJson.fromJson("{\n  \"payload\": {\n    \"a\": tru\n  }\n}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Malformed JSON at line 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void rejectsEmptyText(String json) {
        assertThatThrownBy(() -> EventJson.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void rejectsNestingBeyondJacksonsLimit() {
        String deep = "{\"payload\": " + "{\"a\": ".repeat(1500) + "1" + "}".repeat(1500) + "}";
        assertThatThrownBy(() -> EventJson.fromJson(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void rejectsFieldsEventFromMapRejects() {
        assertThatThrownBy(() -> EventJson.fromJson("{\"payload\": [1]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'payload'");
        assertThatThrownBy(() -> EventJson.fromJson("{\"metadata\": {\"retry_count\": \"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'retry_count'");
        assertThatThrownBy(() -> EventJson.fromJson("{\"timestamp\": \"yesterday\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yesterday'");
    }

    @Test
    void isSafeToUseFromManyThreads() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Event event = Event.create(EventType.TEST_RESULT,
                                Map.of("thread", thread, "i", i, "x", i / 7.0, "list", List.of("a", i)), "t" + thread);
                        if (EventJson.fromJson(EventJson.toJson(event)).equals(event)
                                && EventJson.fromJson(EventJson.toJsonBytes(event)).equals(event)) {
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> EventJson.toJson(null)).isInstanceOf(NullPointerException.class).hasMessage("event");
        assertThatThrownBy(() -> EventJson.toJsonBytes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EventJson.fromJson((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EventJson.fromJson((byte[]) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EventJson.parseObject(null)).isInstanceOf(NullPointerException.class);
    }
}
