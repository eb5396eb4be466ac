package io.linebus.journal;

import io.linebus.models.Event;
import io.linebus.models.EventMetadata;
import io.linebus.models.EventType;
import io.linebus.models.PayloadValues;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The compact, versioned binary form of an {@link Event}, used by the journal and the persistent
 * dead letter queue. Lossless: every payload value of {@link io.linebus.models.PayloadValues}
 * (null, strings including lone surrogates, booleans, longs, doubles bit for bit including NaN and
 * -0.0, nested maps in their order and lists), every metadata field (nulls distinct from empty
 * strings) and timestamps exactly (instant to the nanosecond, with their offset) decode to an event
 * {@link Event#equals equal} to the one encoded.
 *
 * <p>Format version 2, all numbers little-endian:
 * <pre>
 * u8       format version (2)
 * u8       event type code (the {@link EventType} ordinal; part of the format, pinned by a test)
 * string   event id
 * string?  correlation id, causation id
 * time     timestamp: zig-zag epoch second, varint nanosecond, zig-zag offset seconds
 * string   source
 * string?  source topic
 * varint   retry count
 * string?  trace id, span id
 * map      custom
 * map      payload
 * u32      CRC-32C of every byte before it
 * </pre>
 * A string is a varint byte length and generalized UTF-8; a nullable one ({@code string?}) stores
 * length + 1, 0 meaning null. A map is a varint count of (key, value). A key is a varint: even, the
 * key is spelled out, {@code 2 × byte length} then its bytes, and takes the next number in the
 * record's key table ({@link RecordKeys}); odd, {@code 2 × number + 1}, it is that earlier key.
 * A key is spelled out exactly once per record, where it first appears. A value is a tag byte (0
 * null, 1 false, 2 true, 3 zig-zag varint long, 4 8-byte double bits, 5 string, 6 map, 7 list, 8
 * map like the previous one) and its content; a list is a varint count of values. Tag 8 occurs
 * only in a list, for a map whose keys equal, in order, those of the map just before it in the list:
 * only its values follow (lists of measurements or steps repeat one shape). Varints are unsigned LEB128.
 *
 * <p>Decoding accepts only what the encoder writes: every length is checked against the bytes that
 * remain, nesting is capped at {@link #MAX_NESTING_DEPTH}, the checksum must match, and anything else
 * raises {@link CorruptRecordException}, so a damaged record never turns into a different event.
 * The encoding is canonical: decoding a record and encoding the event again gives the same bytes.
 *
 * <p>Format version 1 (linebus 0.1 before the key table) is refused with a clear error: no release
 * wrote it.
 *
 * <p>Thread-safe: all methods are static. Each thread encodes into its own reused array (strings
 * straight to UTF-8, no intermediate strings or byte arrays) and copies the finished record once;
 * each thread reuses its own key table for decoding, so neither allocates per record beyond the
 * decoded event itself.
 */
public final class EventCodec {
    /** The format version this class writes, and the only one it reads. */
    public static final int FORMAT_VERSION = 2;

    /**
     * The deepest nesting of maps and lists (the payload map itself is level 1) that can be
     * encoded. Encoder and decoder recurse: at this depth a round trip stays well within a thread's
     * default stack once compiled (perf-results/README.md; payloads from the line nest a few
     * levels).
     */
    public static final int MAX_NESTING_DEPTH = 256;
    /** Maps up to this size are checked for duplicate keys by scanning, larger ones with a set. */
    private static final int SMALL_MAP = 16;

    private static final int TAG_NULL = 0;
    private static final int TAG_FALSE = 1;
    private static final int TAG_TRUE = 2;
    private static final int TAG_LONG = 3;
    private static final int TAG_DOUBLE = 4;
    private static final int TAG_STRING = 5;
    private static final int TAG_MAP = 6;
    private static final int TAG_LIST = 7;
    private static final int TAG_MAP_LIKE_PREVIOUS = 8;

    private static final int EVENT_TYPE_COUNT = EventType.values().length;
    private static final int DOUBLE_CACHE_BITS = 8;
    private static final Double[] DOUBLE_CACHE = new Double[1 << DOUBLE_CACHE_BITS];

    private static final ThreadLocal<RecordWriter> SCRATCH = ThreadLocal.withInitial(() -> new RecordWriter(512, 1 << 20));
    private static final ThreadLocal<RecordKeys> WRITER_KEYS = ThreadLocal.withInitial(RecordKeys::new);
    private static final ThreadLocal<RecordKeys> READER_KEYS = ThreadLocal.withInitial(RecordKeys::new);

    private EventCodec() {
    }

    /**
     * Writes {@code event} into {@code buffer} from {@code offset}; an expandable buffer grows as
     * needed.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException when the event nests deeper than {@link #MAX_NESTING_DEPTH}, or
     *     does not fit in a buffer that cannot grow
     */
    public static int encode(Event event, MutableDirectBuffer buffer, int offset) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(buffer, "buffer");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        RecordWriter writer = SCRATCH.get();
        writer.reset();
        write(event, writer);
        writer.copyTo(buffer, offset);
        return writer.position();
    }

    /** The encoded form of {@code event} as a new array (convenient, but allocates; see {@link #encode}). */
    public static byte[] toBytes(Event event) {
        Objects.requireNonNull(event, "event");
        RecordWriter writer = SCRATCH.get();
        writer.reset();
        write(event, writer);
        return Arrays.copyOf(writer.array(), writer.position());
    }

    /** Appends the record of {@code event} to what {@code writer} holds (with this thread's key table). */
    static void write(Event event, RecordWriter writer) {
        write(event, writer, WRITER_KEYS.get());
    }

    /** Appends the record of {@code event} to what {@code writer} holds, numbering keys in {@code keys}. */
    static void write(Event event, RecordWriter writer, RecordKeys keys) {
        EventMetadata metadata = event.metadata();
        keys.reset();
        int start = writer.position();
        writer.putByte(FORMAT_VERSION);
        writer.putByte(event.eventType().ordinal());
        writer.putString(metadata.eventId());
        writer.putNullableString(metadata.correlationId());
        writer.putNullableString(metadata.causationId());
        writer.putTimestamp(metadata.timestamp());
        writer.putString(metadata.source());
        writer.putNullableString(metadata.sourceTopic());
        writer.putVarLong(metadata.retryCount());
        writer.putNullableString(metadata.traceId());
        writer.putNullableString(metadata.spanId());
        putMap(writer, metadata.custom(), 1, keys);
        putMap(writer, event.payload(), 1, keys);
        RecordFrame.seal(writer, start);
    }

    /**
     * Reads the event stored in {@code length} bytes of {@code buffer} from {@code offset}.
     *
     * @throws CorruptRecordException when those bytes are not exactly one valid record: truncated,
     *     damaged, of another format version or not a record at all
     * @throws IllegalArgumentException when {@code offset} and {@code length} lie outside the buffer
     */
    public static Event decode(DirectBuffer buffer, int offset, int length) {
        Objects.requireNonNull(buffer, "buffer");
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length
                    + " lie outside the buffer of capacity " + buffer.capacity());
        }
        int body = RecordFrame.verify(buffer, offset, length, FORMAT_VERSION, "Event record");
        RecordReader reader = new RecordReader(buffer, offset + 1, offset + body);
        RecordKeys keys = READER_KEYS.get();
        keys.reset();
        Event event = readEvent(reader, keys);
        if (reader.remaining() != 0) {
            throw reader.corrupt("Record has " + reader.remaining() + " unexpected bytes after the event");
        }
        return event;
    }

    /** {@link #decode(DirectBuffer, int, int)} of a whole array. */
    public static Event fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return decode(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static Event readEvent(RecordReader reader, RecordKeys keys) {
        int typeCode = reader.readUnsignedByte();
        if (typeCode >= EVENT_TYPE_COUNT) {
            throw reader.corrupt("Unknown event type code " + typeCode);
        }
        String eventId = reader.readString();
        if (eventId.isBlank()) {
            throw reader.corrupt("Blank event id");
        }
        String correlationId = reader.readNullableString();
        String causationId = reader.readNullableString();
        OffsetDateTime timestamp = reader.readTimestamp();
        String source = reader.readString();
        String sourceTopic = reader.readNullableString();
        int retryCount = reader.readVarInt(Integer.MAX_VALUE, "Retry count");
        String traceId = reader.readNullableString();
        String spanId = reader.readNullableString();
        Map<String, Object> custom = readMap(reader, 1, keys);
        Map<String, Object> payload = readMap(reader, 1, keys);
        EventMetadata metadata = new EventMetadata(eventId, correlationId, causationId, timestamp, source,
                sourceTopic, retryCount, traceId, spanId, custom);
        return new Event(EventType.ofOrdinal(typeCode), payload, metadata);
    }

    private static void putMap(RecordWriter writer, Map<String, Object> map, int depth, RecordKeys keys) {
        if (depth > MAX_NESTING_DEPTH) {
            throw tooDeep();
        }
        int size = map.size();
        writer.putVarLong(size);
        if (PayloadValues.isFrozen(map)) {
            for (int i = 0; i < size; i++) { // every event's maps are frozen: no iterator to allocate
                putKey(writer, PayloadValues.keyAt(map, i), keys);
                putValue(writer, PayloadValues.valueAt(map, i), depth, keys);
            }
            return;
        }
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            putKey(writer, entry.getKey(), keys);
            putValue(writer, entry.getValue(), depth, keys);
        }
    }

    /** A key spelled out where it first appears in the record, else its number in the key table. */
    private static void putKey(RecordWriter writer, String key, RecordKeys keys) {
        int id = keys.findOrAdd(key);
        if (id < 0) {
            writer.putString(key, 1);
        } else {
            writer.putVarLong(((long) id << 1) | 1L);
        }
    }

    @SuppressWarnings("unchecked")
    private static void putValue(RecordWriter writer, Object value, int depth, RecordKeys keys) {
        if (value == null) {
            writer.putByte(TAG_NULL);
        } else if (value instanceof String text) {
            writer.putByte(TAG_STRING);
            writer.putString(text);
        } else if (value instanceof Long number) {
            writer.putByte(TAG_LONG);
            writer.putZigZag(number);
        } else if (value instanceof Double number) {
            writer.putByte(TAG_DOUBLE);
            writer.putLongLittleEndian(Double.doubleToRawLongBits(number));
        } else if (value instanceof Boolean flag) {
            writer.putByte(flag ? TAG_TRUE : TAG_FALSE);
        } else if (value instanceof Map<?, ?> map) {
            writer.putByte(TAG_MAP);
            putMap(writer, (Map<String, Object>) map, depth + 1, keys);
        } else if (value instanceof List<?> list) {
            if (depth + 1 > MAX_NESTING_DEPTH) {
                throw tooDeep();
            }
            putList(writer, list, depth + 1, keys);
        } else {
            throw new IllegalArgumentException("Cannot encode a payload value of type " + value.getClass().getName()
                    + " (payload values are null, String, Boolean, Long, Double, Map and List)");
        }
    }

    @SuppressWarnings("unchecked")
    private static void putList(RecordWriter writer, List<?> list, int depth, RecordKeys keys) {
        writer.putByte(TAG_LIST);
        writer.putVarLong(list.size());
        Map<String, Object> previousMap = null;
        for (int i = 0, n = list.size(); i < n; i++) {
            Object element = list.get(i);
            if (element instanceof Map<?, ?> map) {
                Map<String, Object> current = (Map<String, Object>) map;
                if (previousMap != null && PayloadValues.sameKeys(previousMap, current)) {
                    writer.putByte(TAG_MAP_LIKE_PREVIOUS);
                    putValuesOnly(writer, current, depth + 1, keys);
                } else {
                    putValue(writer, current, depth, keys);
                }
                previousMap = current;
            } else {
                putValue(writer, element, depth, keys);
                previousMap = null;
            }
        }
    }

    private static void putValuesOnly(RecordWriter writer, Map<String, Object> map, int depth, RecordKeys keys) {
        if (depth > MAX_NESTING_DEPTH) {
            throw tooDeep();
        }
        if (PayloadValues.isFrozen(map)) {
            for (int i = 0, n = map.size(); i < n; i++) {
                putValue(writer, PayloadValues.valueAt(map, i), depth, keys);
            }
            return;
        }
        for (Object value : map.values()) {
            putValue(writer, value, depth, keys);
        }
    }

    private static IllegalArgumentException tooDeep() {
        return new IllegalArgumentException("Payload nests maps and lists deeper than " + MAX_NESTING_DEPTH
                + " levels, the most the journal format allows");
    }

    private static Map<String, Object> readMap(RecordReader reader, int depth, RecordKeys keys) {
        if (depth > MAX_NESTING_DEPTH) {
            throw reader.corrupt("Maps and lists nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        int count = reader.readCount(2, "Map size");
        String[] mapKeys = new String[count];
        Object[] values = new Object[count];
        Set<String> seen = count > SMALL_MAP ? Collections.newSetFromMap(new IdentityHashMap<>(count * 2)) : null;
        for (int i = 0; i < count; i++) {
            String key = reader.readKey(keys);
            if (seen != null ? !seen.add(key) : contains(mapKeys, i, key)) {
                throw reader.corrupt("Duplicate map key '" + key + "'");
            }
            mapKeys[i] = key;
            values[i] = readValue(reader, depth, keys);
        }
        // Built here from payload values only: frozen without a second copy.
        return PayloadValues.adoptEntries(mapKeys, values);
    }

    /** Whether {@code key} is among the first {@code count} keys: by identity, as the key table holds one string per key. */
    private static boolean contains(String[] keys, int count, String key) {
        for (int i = 0; i < count; i++) {
            if (keys[i] == key) {
                return true;
            }
        }
        return false;
    }

    private static Object readValue(RecordReader reader, int depth, RecordKeys keys) {
        return readValue(reader, reader.readUnsignedByte(), depth, keys);
    }

    private static Object readValue(RecordReader reader, int tag, int depth, RecordKeys keys) {
        switch (tag) {
            case TAG_NULL:
                return null;
            case TAG_FALSE:
                return Boolean.FALSE;
            case TAG_TRUE:
                return Boolean.TRUE;
            case TAG_LONG:
                return reader.readZigZag();
            case TAG_DOUBLE:
                return doubleOf(reader.readLongLittleEndian());
            case TAG_STRING:
                return reader.readString();
            case TAG_MAP:
                return readMap(reader, depth + 1, keys);
            case TAG_LIST:
                return readList(reader, depth + 1, keys);
            case TAG_MAP_LIKE_PREVIOUS:
                throw reader.corrupt("Value tag " + tag + " (a map like the previous one) outside a list");
            default:
                throw reader.corrupt("Unknown value tag " + tag);
        }
    }

    /**
     * The boxed double with these bits. Measurements repeat their limits and nominal values from
     * record to record: a small shared cache hands out one {@code Double} for them instead of a new
     * one each time. Threads may race on a slot harmlessly ({@code Double} is immutable).
     */
    private static Double doubleOf(long bits) {
        // Fibonacci hashing: the top bits of the product mix all 64 (round values differ only high up).
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - DOUBLE_CACHE_BITS));
        Double cached = DOUBLE_CACHE[slot];
        if (cached == null || Double.doubleToRawLongBits(cached) != bits) {
            cached = Double.longBitsToDouble(bits);
            DOUBLE_CACHE[slot] = cached;
        }
        return cached;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> readList(RecordReader reader, int depth, RecordKeys keys) {
        if (depth > MAX_NESTING_DEPTH) {
            throw reader.corrupt("Maps and lists nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        int count = reader.readCount(1, "List size");
        ArrayList<Object> list = new ArrayList<>(count);
        Map<String, Object> previousMap = null;
        for (int i = 0; i < count; i++) {
            int tag = reader.readUnsignedByte();
            Object element;
            if (tag == TAG_MAP_LIKE_PREVIOUS) {
                if (previousMap == null) {
                    throw reader.corrupt("A map like the previous one in a list, but the element before it is no map");
                }
                element = readValuesLike(reader, previousMap, depth + 1, keys);
            } else {
                element = readValue(reader, tag, depth, keys);
                if (tag == TAG_MAP && previousMap != null && PayloadValues.sameKeys(previousMap, (Map<String, ?>) element)) {
                    throw reader.corrupt("A map spells out the keys of the map before it in the list (not canonical)");
                }
            }
            previousMap = element instanceof Map<?, ?> ? (Map<String, Object>) element : null;
            list.add(element);
        }
        return PayloadValues.adoptList(list);
    }

    /** The values of a map with the keys of {@code shape}, which it then shares. */
    private static Map<String, Object> readValuesLike(RecordReader reader, Map<String, Object> shape, int depth,
            RecordKeys keys) {
        if (depth > MAX_NESTING_DEPTH) {
            throw reader.corrupt("Maps and lists nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        int count = shape.size();
        if (count > reader.remaining()) {
            throw reader.corrupt("Record truncated: a map of " + count + " values needs at least " + count
                    + " bytes, " + reader.remaining() + " remain");
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            values[i] = readValue(reader, depth, keys);
        }
        return PayloadValues.adoptValues(shape, values);
    }
}
