package io.linebus.models.domain;

import io.linebus.models.IsoTimes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads the fields of one record's map form for the {@code fromMap} methods, with errors that
 * name the record and the path of the offending field ({@code steps[0].measurements[1].value}).
 *
 * <p>Accepts what a JSON round trip gives back: numbers as any {@link Number} (JSON gives
 * {@link Long} or {@link Double}), enums as their Python value (or the constant itself),
 * timestamps as ISO text (or any type {@link IsoTimes#coerce} takes), nested records as maps.
 * A missing key and an explicit null are treated alike.
 */
final class FieldReader {
    private final Map<String, ?> data;
    private final String owner;
    private final String prefix;

    private FieldReader(Map<String, ?> data, String owner, String prefix) {
        this.data = data;
        this.owner = owner;
        this.prefix = prefix;
    }

    /** A reader of the top-level map of {@code owner} (a record's simple name). */
    static FieldReader of(Map<String, ?> data, String owner) {
        return new FieldReader(Objects.requireNonNull(data, "data"), owner, "");
    }

    String requiredString(String key) {
        String value = string(key);
        if (value == null) {
            throw missing(key);
        }
        return value;
    }

    String string(String key) {
        Object value = data.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(key, "a string", value);
    }

    String string(String key, String defaultValue) {
        String value = string(key);
        return value == null ? defaultValue : value;
    }

    boolean bool(String key, boolean defaultValue) {
        Object value = data.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw wrongType(key, "a boolean", value);
    }

    Double number(String key) {
        Object value = data.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw wrongType(key, "a number", value);
    }

    Integer integer(String key) {
        Object value = data.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long whole = ((Number) value).longValue();
            if (whole >= Integer.MIN_VALUE && whole <= Integer.MAX_VALUE) {
                return (int) whole;
            }
        } else if (value instanceof Double || value instanceof Float) {
            double real = ((Number) value).doubleValue();
            if (real == Math.rint(real) && real >= Integer.MIN_VALUE && real <= Integer.MAX_VALUE) {
                return (int) real;
            }
        }
        throw wrongType(key, "a whole number in the int range", value);
    }

    OffsetDateTime time(String key) {
        Object value = data.get(key);
        if (value == null) {
            return null;
        }
        try {
            return IsoTimes.coerce(value, path(key));
        } catch (IllegalArgumentException e) {
            throw error(key, "must be an ISO-8601 timestamp, got " + describe(value), e);
        }
    }

    <E extends Enum<E>> E requiredEnum(String key, Class<E> type, Function<String, E> fromValue) {
        E value = enumValue(key, type, fromValue, null);
        if (value == null) {
            throw missing(key);
        }
        return value;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, Function<String, E> fromValue, E defaultValue) {
        Object value = data.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof String text) {
            try {
                return fromValue.apply(text);
            } catch (IllegalArgumentException e) {
                throw error(key, "is invalid: " + e.getMessage(), e);
            }
        }
        throw wrongType(key, "a " + type.getSimpleName() + " value (string)", value);
    }

    /** A map of payload values, or null when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        Object value = data.get(key);
        if (value == null || value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw wrongType(key, "a map", value);
    }

    /** One reader per element of a list of nested records (maps); empty when absent. */
    List<FieldReader> records(String key) {
        List<?> list = list(key);
        List<FieldReader> readers = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            String elementPath = key + "[" + i + "]";
            if (!(element instanceof Map<?, ?> map)) {
                throw wrongType(elementPath, "a map", element);
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) map;
            readers.add(new FieldReader(fields, owner, prefix + elementPath + "."));
        }
        return readers;
    }

    /** A list of strings; empty when absent. */
    List<String> strings(String key) {
        List<?> list = list(key);
        List<String> strings = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text)) {
                throw wrongType(key + "[" + i + "]", "a string", list.get(i));
            }
            strings.add(text);
        }
        return strings;
    }

    /** A list of maps of payload values; empty when absent. */
    List<Map<String, Object>> maps(String key) {
        List<?> list = list(key);
        List<Map<String, Object>> maps = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw wrongType(key + "[" + i + "]", "a map", list.get(i));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            maps.add(fields);
        }
        return maps;
    }

    private List<?> list(String key) {
        Object value = data.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw wrongType(key, "a list", value);
    }

    private String path(String key) {
        return prefix + key;
    }

    private IllegalArgumentException missing(String key) {
        return error(key, "is required", null);
    }

    private IllegalArgumentException wrongType(String key, String expected, Object value) {
        return error(key, "must be " + expected + ", got " + describe(value), null);
    }

    private IllegalArgumentException error(String key, String problem, Throwable cause) {
        return new IllegalArgumentException(owner + ": field '" + path(key) + "' " + problem, cause);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return value.getClass().getSimpleName() + " " + (value instanceof String ? "'" + text + "'" : text);
    }
}
