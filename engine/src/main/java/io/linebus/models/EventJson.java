package io.linebus.models;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON form of events, compatible with pyWATS: {@link #toJson(Event)} writes what Python's
 * {@code json.dumps(event.to_dict())} writes, and {@link #fromJson(String)} reads that back with
 * {@link Event#fromMap(Map)} semantics (unknown types become {@code CUSTOM} with the original kept,
 * the top-level id and timestamp fill in what the metadata lacks; D13: lossless, strict
 * deserialization).
 *
 * <p>The text is compact (no spaces after {@code :} and {@code ,}) and UTF-8 (non-ASCII
 * characters are not escaped as Python's default {@code ensure_ascii} does); apart from that it
 * is Python's text: keys in the {@code to_dict()} order, absent values as {@code null},
 * timestamps as {@link IsoTimes} writes them, whole numbers as integers, doubles as Python's
 * {@code repr} writes them ({@code 1e-05}, {@code 22.5}), control characters escaped as Python
 * escapes them ({@code \n}, {@code \u001f}).
 *
 * <p>Values read: objects become insertion-ordered maps, arrays lists, integers {@link Long},
 * other numbers {@link Double}. JSON that Java cannot hold without loss is rejected with an
 * {@link IllegalArgumentException} saying "cannot represent": integers beyond the {@code long}
 * range, {@code NaN} and {@code Infinity} (which Python writes by default), numbers that
 * overflow a double. Malformed JSON, a top level that is not an object, and content after it are
 * rejected too, with the line and column. Thread-safe: one shared {@link JsonFactory}, streaming
 * only.
 */
public final class EventJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Accepted only to reject NaN/Infinity with a clear message instead of a parse error.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            // Python escapes control characters in lowercase hex (\u001f).
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            // Characters outside the BMP as four UTF-8 bytes, not as escaped surrogate pairs.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private static final SerializableString EVENT_ID = new SerializedString("event_id");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString EVENT_TYPE = new SerializedString("event_type");
    private static final SerializableString PAYLOAD = new SerializedString("payload");
    private static final SerializableString METADATA = new SerializedString("metadata");
    private static final SerializableString CORRELATION_ID = new SerializedString("correlation_id");
    private static final SerializableString CAUSATION_ID = new SerializedString("causation_id");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString SOURCE_TOPIC = new SerializedString("source_topic");
    private static final SerializableString RETRY_COUNT = new SerializedString("retry_count");
    private static final SerializableString TRACE_ID = new SerializedString("trace_id");
    private static final SerializableString SPAN_ID = new SerializedString("span_id");
    private static final SerializableString CUSTOM = new SerializedString("custom");

    private EventJson() {
    }

    /**
     * The JSON text of {@code event}: keys event_id, timestamp, event_type, payload, metadata
     * (event_id, correlation_id, causation_id, timestamp, source, source_topic, retry_count,
     * trace_id, span_id, custom).
     *
     * @throws IllegalArgumentException when a payload or custom value cannot be written (NaN, an
     *     infinity), naming its path
     */
    public static String toJson(Event event) {
        Objects.requireNonNull(event, "event");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeEvent(generator, event);
        } catch (IOException | RuntimeException e) {
            throw writeFailure(e, event);
        }
        return out.toString();
    }

    /** {@link #toJson(Event)} as UTF-8 bytes. */
    public static byte[] toJsonBytes(Event event) {
        Objects.requireNonNull(event, "event");
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            writeEvent(generator, event);
        } catch (IOException | RuntimeException e) {
            throw writeFailure(e, event);
        }
        return out.toByteArray();
    }

    /**
     * Reads the JSON text of one event (as {@link #toJson(Event)} or Python's
     * {@code json.dumps(event.to_dict())} writes it).
     *
     * @throws IllegalArgumentException for malformed JSON, a top level that is not an object,
     *     trailing content, values Java cannot represent, or fields {@link Event#fromMap(Map)} rejects
     */
    public static Event fromJson(String json) {
        return Event.fromMap(parseObject(json));
    }

    /** {@link #fromJson(String)} from UTF-8 (or UTF-16/32, detected) bytes. */
    public static Event fromJson(byte[] json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = FACTORY.createParser(json)) {
            return Event.fromMap(readRoot(parser));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * Parses a JSON object into a mutable, insertion-ordered map of payload values (frozen maps and
     * lists, strings, booleans, {@link Long}, {@link Double}, null), e.g. to read a payload on its own.
     *
     * @throws IllegalArgumentException for malformed JSON, a top level that is not an object,
     *     trailing content, or values Java cannot represent
     */
    public static Map<String, Object> parseObject(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = FACTORY.createParser(json)) {
            return readRoot(parser);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The JSON text of one payload value (a map, list, string, boolean, number or null), written
     * as {@link #toJson(Event)} writes payloads; {@code Integer}, {@code Short}, {@code Byte} and
     * {@code Float} are accepted as numbers.
     *
     * @throws IllegalArgumentException for a value outside that model, a non-string map key, NaN or
     *     an infinity, naming its path
     */
    public static String writeValue(Object value) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, value);
        } catch (IOException | RuntimeException e) {
            throw writeFailure(e, "value", value);
        }
        return out.toString();
    }

    private static void writeEvent(JsonGenerator out, Event event) throws IOException {
        EventMetadata metadata = event.metadata();
        String timestamp = IsoTimes.format(metadata.timestamp());
        out.writeStartObject();
        out.writeFieldName(EVENT_ID);
        out.writeString(metadata.eventId());
        out.writeFieldName(TIMESTAMP);
        out.writeString(timestamp);
        out.writeFieldName(EVENT_TYPE);
        out.writeString(event.eventType().value());
        out.writeFieldName(PAYLOAD);
        writeMap(out, event.payload());
        out.writeFieldName(METADATA);
        out.writeStartObject();
        out.writeFieldName(EVENT_ID);
        out.writeString(metadata.eventId());
        out.writeFieldName(CORRELATION_ID);
        out.writeString(metadata.correlationId());
        out.writeFieldName(CAUSATION_ID);
        out.writeString(metadata.causationId());
        out.writeFieldName(TIMESTAMP);
        out.writeString(timestamp);
        out.writeFieldName(SOURCE);
        out.writeString(metadata.source());
        out.writeFieldName(SOURCE_TOPIC);
        out.writeString(metadata.sourceTopic());
        out.writeFieldName(RETRY_COUNT);
        out.writeNumber(metadata.retryCount());
        out.writeFieldName(TRACE_ID);
        out.writeString(metadata.traceId());
        out.writeFieldName(SPAN_ID);
        out.writeString(metadata.spanId());
        out.writeFieldName(CUSTOM);
        writeMap(out, metadata.custom());
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void writeMap(JsonGenerator out, Map<?, ?> map) throws IOException {
        out.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new Unwritable();
            }
            out.writeFieldName(key);
            writeValue(out, entry.getValue());
        }
        out.writeEndObject();
    }

    private static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double real = ((Number) value).doubleValue();
            if (!Double.isFinite(real)) {
                throw new Unwritable();
            }
            out.writeNumber(PythonFloats.repr(real));
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map);
        } else if (value instanceof Collection<?> collection) {
            out.writeStartArray();
            for (Object element : collection) {
                writeValue(out, element);
            }
            out.writeEndArray();
        } else {
            throw new Unwritable();
        }
    }

    /** Marks a value the writer refused; {@link #writeFailure} finds and describes it. */
    private static final class Unwritable extends RuntimeException {
        Unwritable() {
            super(null, null, false, false);
        }
    }

    private static RuntimeException writeFailure(Exception e, Event event) {
        if (e instanceof Unwritable) {
            String problem = problemIn(event.payload(), "payload");
            return new IllegalArgumentException(problem != null ? problem
                    : Objects.requireNonNullElse(problemIn(event.metadata().custom(), "metadata.custom"),
                            "cannot write the event as JSON"));
        }
        return otherWriteFailure(e);
    }

    private static RuntimeException writeFailure(Exception e, String root, Object value) {
        if (e instanceof Unwritable) {
            return new IllegalArgumentException(problemIn(value, root));
        }
        return otherWriteFailure(e);
    }

    private static RuntimeException otherWriteFailure(Exception e) {
        if (e instanceof JsonProcessingException processing) {
            // e.g. nesting deeper than Jackson's StreamWriteConstraints allow
            return new IllegalArgumentException("cannot write JSON: " + processing.getOriginalMessage(), e);
        }
        return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }

    /** The first value the writer refuses under {@code value}, described with its path; else null. */
    private static String problemIn(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            double real = ((Number) value).doubleValue();
            return Double.isFinite(real) ? null
                    : "cannot represent " + real + " at '" + path + "' in JSON (numbers must be finite)";
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    return "cannot represent the non-string key " + entry.getKey() + " at '" + path
                            + "' in JSON (object keys are strings)";
                }
                String problem = problemIn(entry.getValue(), path + "." + key);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                String problem = problemIn(element, path + "[" + i++ + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        return "cannot represent " + value.getClass().getName() + " at '" + path
                + "' in JSON (payload values are null, String, Boolean, Long, Double, Map<String, ?> and List)";
    }

    private static Map<String, Object> readRoot(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IllegalArgumentException("JSON text is empty; expected an object");
        }
        if (token != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("JSON top level must be an object, got " + describe(token)
                    + at(parser.currentTokenLocation()));
        }
        Map<String, Object> map = readObject(parser);
        if (parser.nextToken() != null) {
            throw new IllegalArgumentException("Trailing content after the JSON object"
                    + at(parser.currentTokenLocation()));
        }
        return map;
    }

    private static LinkedHashMap<String, Object> readObject(JsonParser parser) throws IOException {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        String key;
        while ((key = parser.nextFieldName()) != null) {
            map.put(key, readValue(parser, parser.nextToken()));
        }
        return map;
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        ArrayList<Object> list = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            list.add(readValue(parser, token));
        }
        return PayloadValues.adoptList(list);
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            // Nested values are built from payload values only: frozen here, not copied again by Event.
            case START_OBJECT -> PayloadValues.adoptMap(readObject(parser));
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> readLong(parser);
            case VALUE_NUMBER_FLOAT -> readDouble(parser);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("Unexpected JSON token " + token
                    + at(parser.currentTokenLocation()));
        };
    }

    private static Long readLong(JsonParser parser) throws IOException {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw unrepresentable(parser, "the integer " + parser.getText() + " (beyond the 64-bit long range)");
        }
        return parser.getLongValue();
    }

    private static Double readDouble(JsonParser parser) throws IOException {
        double real = parser.getDoubleValue();
        if (!Double.isFinite(real)) {
            throw unrepresentable(parser, parser.getText() + " (not a finite double)");
        }
        return real;
    }

    private static IllegalArgumentException unrepresentable(JsonParser parser, String what) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        return new IllegalArgumentException("cannot represent " + what + " at '" + pointer + "'"
                + at(parser.currentTokenLocation()));
    }

    private static RuntimeException readFailure(IOException e) {
        if (e instanceof JsonProcessingException processing) {
            return new IllegalArgumentException("Malformed JSON" + at(processing.getLocation()) + ": "
                    + processing.getOriginalMessage(), e);
        }
        return new UncheckedIOException(e);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
