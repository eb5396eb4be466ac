package io.linebus.benchmarks.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small tree reader on jackson-core's streaming parser (the only JSON library linebus has):
 * objects become {@code LinkedHashMap}s, arrays {@code ArrayList}s, numbers {@code Long} or
 * {@code Double}, plus {@code String}, {@code Boolean} and {@code null}. The accessors turn a wrong
 * shape into an {@link IllegalArgumentException} that names the field.
 */
final class JsonTree {
    private JsonTree() {
    }

    /** Reads the next complete value. */
    static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IllegalArgumentException("Empty JSON document");
        }
        return value(parser, token);
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("Unexpected JSON token " + token);
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(what + " is not a JSON object: " + value);
    }

    static List<?> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(what + " is not a JSON array: " + value);
    }

    static String string(Object value, String what) {
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException(what + " is not a JSON string: " + value);
    }

    /**
     * A number; JMH writes non-finite numbers as the strings {@code "NaN"}, {@code "Infinity"} and
     * {@code "-Infinity"}, which are read as such.
     */
    static double number(Object value, String what) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            switch (text) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    // not a number: the error below
                }
            }
        }
        throw new IllegalArgumentException(what + " is not a JSON number: " + value);
    }
}
