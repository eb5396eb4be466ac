package io.linebus.transports.cfx;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from one object of a CFX message body, with errors that name the message and the
 * field's path ({@code TestedUnits[0].OverallResult}).
 *
 * <p>Keys are looked up exactly first, then ignoring case, as the CFX SDK's JSON reader does (the
 * SDK itself writes both {@code TransactionId} and {@code TransactionID}). Absent keys and JSON
 * nulls read as null (or an empty list); a value of the wrong type is an
 * {@link IllegalArgumentException}.
 */
final class CfxBody {
    private final String messageName;
    private final String path;
    private final Map<String, ?> values;

    private CfxBody(String messageName, String path, Map<String, ?> values) {
        this.messageName = messageName;
        this.path = path;
        this.values = values;
    }

    static CfxBody of(CfxMessage message) {
        return new CfxBody(message.messageName(), "", message.body());
    }

    /** The value under {@code key}, exact match first, then ignoring case; null when absent. */
    static Object lookup(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value != null || map.containsKey(key)) {
            return value;
        }
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The raw payload value (null, String, Boolean, Long, Double, Map or List). */
    Object value(String key) {
        return lookup(values, key);
    }

    String string(String key) {
        Object value = value(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(key, "a string", value);
    }

    String requiredString(String key) {
        String value = string(key);
        if (value == null) {
            throw error(key, "is missing");
        }
        return value;
    }

    /** A whole number (an integral JSON number). */
    Long whole(String key) {
        Object value = value(key);
        if (value == null || value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Double real && real == Math.rint(real) && Math.abs(real) < 0x1p53) {
            return real.longValue();
        }
        throw wrongType(key, "a whole number", value);
    }

    /** A whole number in the int range, also from numeric text (.NET writes some lanes as text). */
    Integer integer(String key) {
        Object value = value(key);
        if (value instanceof String text) {
            try {
                return Integer.valueOf(text.trim());
            } catch (NumberFormatException e) {
                throw wrongType(key, "a whole number in the int range", value);
            }
        }
        Long whole = whole(key);
        if (whole == null) {
            return null;
        }
        if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
            throw wrongType(key, "a whole number in the int range", value);
        }
        return whole.intValue();
    }

    Double number(String key) {
        Object value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        throw wrongType(key, "a number", value);
    }

    OffsetDateTime time(String key) {
        Object value = value(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw wrongType(key, "an ISO-8601 date-time string", value);
        }
        try {
            return CfxTimes.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(key, "is " + e.getMessage(), e);
        }
    }

    /** The nested object under {@code key}; null when absent or null. */
    CfxBody object(String key) {
        Object value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return child(path(key), map);
        }
        throw wrongType(key, "an object", value);
    }

    CfxBody requiredObject(String key) {
        CfxBody object = object(key);
        if (object == null) {
            throw error(key, "is missing");
        }
        return object;
    }

    /** The list under {@code key} (empty when absent or null), each element an object. */
    List<CfxBody> objects(String key) {
        List<Object> list = list(key);
        List<CfxBody> objects = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw wrongType(key + "[" + i + "]", "an object", list.get(i));
            }
            objects.add(child(path(key) + "[" + i + "]", map));
        }
        return objects;
    }

    /** As {@link #objects(String)}, but the key must be present with a list. */
    List<CfxBody> requiredObjects(String key) {
        if (value(key) == null) {
            throw error(key, "is missing (expected a list)");
        }
        return objects(key);
    }

    /** The raw list under {@code key}; empty when absent or null. */
    List<Object> list(String key) {
        Object value = value(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            // The body is frozen (PayloadValues), so its lists are unmodifiable already.
            return Collections.<Object>unmodifiableList(list);
        }
        throw wrongType(key, "a list", value);
    }

    /**
     * The list under {@code key} with object elements wrapped as {@link CfxBody} (with their
     * path) and other elements as they are; nulls are skipped.
     */
    List<Object> entries(String key) {
        Object value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw wrongType(key, "a list", value);
        }
        List<Object> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            if (element instanceof Map<?, ?> map) {
                entries.add(child(path(key) + "[" + i + "]", map));
            } else if (element != null) {
                entries.add(element);
            }
        }
        return entries;
    }

    IllegalArgumentException wrongType(String key, String expected, Object value) {
        return error(key, "must be " + expected + ", got " + describe(value));
    }

    IllegalArgumentException error(String key, String problem) {
        return error(key, problem, null);
    }

    private IllegalArgumentException error(String key, String problem, Throwable cause) {
        return new IllegalArgumentException("CFX message " + messageName + ": field '" + path(key) + "' " + problem,
                cause);
    }

    private String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @SuppressWarnings("unchecked")
    private CfxBody child(String childPath, Map<?, ?> map) {
        return new CfxBody(messageName, childPath, (Map<String, ?>) map);
    }

    /** A value as JSON sees it: {@code string "x"}, {@code number 5}, {@code boolean true}, {@code object}, {@code list}. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "string \"" + text + "\"";
        }
        if (value instanceof Number) {
            return "number " + value;
        }
        if (value instanceof Boolean) {
            return "boolean " + value;
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value instanceof List ? "a list" : value.getClass().getSimpleName() + " " + value;
    }
}
