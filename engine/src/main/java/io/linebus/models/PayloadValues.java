package io.linebus.models;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value model of payloads and free-form maps: exactly what the JSON form can carry.
 *
 * <p>A payload value is {@code null}, a {@link String}, a {@link Boolean}, a {@link Long}, a
 * {@link Double}, a {@code Map<String, ?>} of payload values or a {@code List} of payload values.
 * {@link #freeze(Map)} checks a map against that model and returns a deep, unmodifiable copy
 * (D14: a handler can never change what another handler, the journal or the dead letters see).
 * Narrower integers ({@code Integer}, {@code Short}, {@code Byte}) become {@code Long} and
 * {@code Float} becomes {@code Double}, so that a payload equals itself after a trip through JSON
 * or the journal. Anything else is rejected with the path of the offending value.
 */
public final class PayloadValues {
    private static final Map<String, Object> EMPTY = Collections.unmodifiableMap(new LinkedHashMap<>());

    private PayloadValues() {
    }

    /** An empty frozen map. */
    public static Map<String, Object> empty() {
        return EMPTY;
    }

    /**
     * A deep unmodifiable copy of {@code map} ({@code null} gives an empty map); a map this
     * method returned before is returned as it is.
     *
     * @throws IllegalArgumentException when a key is not a string or a value is outside the model
     */
    public static Map<String, Object> freeze(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        if (map instanceof FrozenMap) {
            @SuppressWarnings("unchecked")
            Map<String, Object> frozen = (Map<String, Object>) map;
            return frozen;
        }
        return freezeMap(map, "payload");
    }

    /** Whether {@code value} is already a frozen map. */
    public static boolean isFrozen(Map<?, ?> value) {
        return value == EMPTY || value instanceof FrozenMap;
    }

    /**
     * One value checked and frozen, as {@link #freeze(Map)} does for map values.
     *
     * @param path where the value sits, for the error message
     */
    public static Object freezeValue(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            if (map instanceof FrozenMap || map == EMPTY) {
                return map;
            }
            return freezeMap(map, path);
        }
        if (value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            int i = 0;
            for (Object element : collection) {
                copy.add(freezeValue(element, path + "[" + i++ + "]"));
            }
            return new FrozenList(copy);
        }
        if (value instanceof Object[] array) {
            return freezeValue(List.of(array), path);
        }
        throw new IllegalArgumentException("Unsupported payload value at '" + path + "': "
                + value.getClass().getName() + " (payload values are null, String, Boolean, Long, Double, "
                + "Map<String, ?> and List of these)");
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map, String path) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("Payload keys must be strings, got "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getSimpleName())
                        + " at '" + path + "'");
            }
            copy.put(key, freezeValue(entry.getValue(), path + "." + key));
        }
        return new FrozenMap(copy);
    }

    /** Unmodifiable, insertion-ordered; marks a map that needs no further copy. */
    private static final class FrozenMap extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> entries;

        FrozenMap(LinkedHashMap<String, Object> entries) {
            this.entries = Collections.unmodifiableMap(entries);
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /** Unmodifiable; marks a list that needs no further copy. */
    private static final class FrozenList extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final List<Object> elements;

        FrozenList(List<Object> elements) {
            this.elements = elements;
        }

        @Override
        public Object get(int index) {
            return elements.get(index);
        }

        @Override
        public int size() {
            return elements.size();
        }
    }
}
