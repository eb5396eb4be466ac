package io.linebus.models;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

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
 *
 * <p>Frozen maps keep insertion order. Codecs walk them with {@link #keyAt}/{@link #valueAt}, which
 * allocate nothing, since they do it for every event.
 */
public final class PayloadValues {
    private static final Map<String, Object> EMPTY = new FrozenMap(new LinkedHashMap<>());

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
        if (map instanceof FrozenMap frozen) {
            return frozen;
        }
        try {
            return freezeMap(map);
        } catch (BadValue bad) {
            throw bad.withRoot("payload");
        }
    }

    /** Whether {@code value} is already a frozen map. */
    public static boolean isFrozen(Map<?, ?> value) {
        return value instanceof FrozenMap;
    }

    /**
     * One value checked and frozen, as {@link #freeze(Map)} does for map values.
     *
     * @param path where the value sits, for the error message
     */
    public static Object freezeValue(Object value, String path) {
        try {
            return freezeAny(value);
        } catch (BadValue bad) {
            throw bad.withRoot(path);
        }
    }

    /**
     * Takes over a map a decoder has just built from payload values (strings, booleans, longs,
     * doubles, nulls, and maps and lists it adopted the same way) without copying or checking it.
     * The caller must not keep or change {@code map}: it becomes the frozen map's storage.
     */
    public static Map<String, Object> adoptMap(LinkedHashMap<String, Object> map) {
        return map.isEmpty() ? EMPTY : new FrozenMap(map);
    }

    /**
     * As {@link #adoptMap(LinkedHashMap)}, from parallel arrays of distinct keys and their values
     * (a decoder that knows the entry count builds these without an intermediate map).
     */
    public static Map<String, Object> adoptEntries(String[] keys, Object[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
        }
        return keys.length == 0 ? EMPTY : new FrozenMap(keys, values);
    }

    /**
     * As {@link #adoptEntries}, with the keys of {@code sameKeysAs} (a frozen map) in their order:
     * maps of one shape (every measurement of a step, say) then share one key array.
     */
    public static Map<String, Object> adoptValues(Map<String, ?> sameKeysAs, Object[] values) {
        String[] keys = frozen(sameKeysAs).keys;
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
        }
        return keys.length == 0 ? EMPTY : new FrozenMap(keys, values);
    }

    /** Whether two maps have equal keys in the same order (frozen maps of one shape answer at once). */
    public static boolean sameKeys(Map<String, ?> map, Map<String, ?> other) {
        if (map.size() != other.size()) {
            return false;
        }
        if (map instanceof FrozenMap a && other instanceof FrozenMap b) {
            return a.keys == b.keys || Arrays.equals(a.keys, b.keys);
        }
        Iterator<String> them = other.keySet().iterator();
        for (String key : map.keySet()) {
            if (!Objects.equals(key, them.next())) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #adoptMap(LinkedHashMap)}, for a list. */
    public static List<Object> adoptList(ArrayList<Object> list) {
        return new FrozenList(list);
    }

    private static Object freezeAny(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Long || value instanceof Double
                || value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? EMPTY : freezeMap(map);
        }
        if (value instanceof Collection<?> collection) {
            ArrayList<Object> copy = new ArrayList<>(collection.size());
            int i = 0;
            for (Object element : collection) {
                try {
                    copy.add(freezeAny(element));
                } catch (BadValue bad) {
                    throw bad.inside("[" + i + "]");
                }
                i++;
            }
            return new FrozenList(copy);
        }
        if (value instanceof Object[] array) {
            return freezeAny(List.of(array));
        }
        throw new BadValue("Unsupported payload value at '%s': " + value.getClass().getName()
                + " (payload values are null, String, Boolean, Long, Double, Map<String, ?> and List of these)");
    }

    private static FrozenMap freezeMap(Map<?, ?> map) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new BadValue("Payload keys must be strings, got "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getSimpleName()) + " at '%s'");
            }
            try {
                copy.put(key, freezeAny(entry.getValue()));
            } catch (BadValue bad) {
                throw bad.inside("." + key);
            }
        }
        return new FrozenMap(copy);
    }

    /**
     * A rejected value on its way up: the path to it is built only when something is wrong, one
     * segment per level, so that checking a valid payload concatenates no strings.
     */
    private static final class BadValue extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String template;
        private final StringBuilder path = new StringBuilder();

        BadValue(String template) {
            super(null, null, false, false);
            this.template = template;
        }

        BadValue inside(String segment) {
            path.insert(0, segment);
            return this;
        }

        IllegalArgumentException withRoot(String root) {
            return new IllegalArgumentException(template.replace("%s", root + path));
        }
    }

    /**
     * The key of the {@code i}-th entry, in insertion order, of a frozen map: with
     * {@link #valueAt(Map, int)}, a way to walk a payload without allocating an iterator (codecs).
     *
     * @throws IllegalArgumentException when {@code map} is not frozen
     */
    public static String keyAt(Map<String, ?> map, int i) {
        return frozen(map).keys[i];
    }

    /** The value of the {@code i}-th entry of a frozen map (see {@link #keyAt(Map, int)}). */
    public static Object valueAt(Map<String, ?> map, int i) {
        return frozen(map).values[i];
    }

    private static FrozenMap frozen(Map<String, ?> map) {
        if (map instanceof FrozenMap frozen) {
            return frozen;
        }
        throw new IllegalArgumentException("Not a frozen payload map: " + map.getClass().getName());
    }

    /**
     * Unmodifiable, insertion-ordered, stored as two arrays: small maps (payloads mostly are) are
     * searched directly, larger ones through an index built on first lookup.
     */
    private static final class FrozenMap extends AbstractMap<String, Object> {
        private static final int SCAN_LIMIT = 8;

        final String[] keys;
        final Object[] values;
        private volatile Map<String, Integer> index;

        FrozenMap(String[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
        }

        FrozenMap(LinkedHashMap<String, Object> source) {
            this(source.keySet().toArray(new String[0]), source.values().toArray());
        }

        private int indexOf(Object key) {
            if (!(key instanceof String)) {
                return -1;
            }
            if (keys.length <= SCAN_LIMIT) {
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i].equals(key)) {
                        return i;
                    }
                }
                return -1;
            }
            Map<String, Integer> positions = index;
            if (positions == null) {
                positions = new java.util.HashMap<>(keys.length * 2);
                for (int i = 0; i < keys.length; i++) {
                    positions.put(keys[i], i);
                }
                index = positions;
            }
            Integer position = positions.get(key);
            return position == null ? -1 : position;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new EntrySet();
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < keys.length; i++) {
                action.accept(keys[i], values[i]);
            }
        }

        private final class EntrySet extends AbstractSet<Entry<String, Object>> {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        }
    }

    /** Unmodifiable; marks a list that needs no further copy. */
    private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
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
