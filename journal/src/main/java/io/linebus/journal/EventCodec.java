package io.linebus.journal;

import io.linebus.models.Event;
import io.linebus.models.EventMetadata;
import io.linebus.models.EventType;
import io.linebus.models.PayloadValues;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
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
 * <p>Format version 1, all numbers little-endian:
 * <pre>
 * u8       format version (1)
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
 * length + 1, 0 meaning null. A map is a varint count of (string key, value); a value is a tag byte
 * (0 null, 1 false, 2 true, 3 zig-zag varint long, 4 8-byte double bits, 5 string, 6 map, 7 list)
 * and its content; a list is a varint count of values. Varints are unsigned LEB128.
 *
 * <p>Decoding accepts only what the encoder writes: every length is checked against the bytes that
 * remain, nesting is capped at {@link #MAX_NESTING_DEPTH}, the checksum must match, and anything else
 * raises {@link CorruptRecordException}, so a damaged record never turns into a different event.
 * The encoding is canonical: decoding a record and encoding the event again gives the same bytes.
 *
 * <p>Thread-safe: all methods are static and keep no state. {@link #encode} writes strings straight
 * into the buffer as UTF-8, with no intermediate byte arrays or strings.
 */
public final class EventCodec {
    /** The format version this class writes, and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    /** The deepest nesting of maps and lists (the payload map itself is level 1) that can be encoded. */
    public static final int MAX_NESTING_DEPTH = 1000;
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

    private static final int EVENT_TYPE_COUNT = EventType.values().length;

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
        EventMetadata metadata = event.metadata();
        int at = RecordWriter.putByte(buffer, offset, FORMAT_VERSION);
        at = RecordWriter.putByte(buffer, at, event.eventType().ordinal());
        at = RecordWriter.putString(buffer, at, metadata.eventId());
        at = RecordWriter.putNullableString(buffer, at, metadata.correlationId());
        at = RecordWriter.putNullableString(buffer, at, metadata.causationId());
        at = RecordWriter.putTimestamp(buffer, at, metadata.timestamp());
        at = RecordWriter.putString(buffer, at, metadata.source());
        at = RecordWriter.putNullableString(buffer, at, metadata.sourceTopic());
        at = RecordWriter.putVarLong(buffer, at, metadata.retryCount());
        at = RecordWriter.putNullableString(buffer, at, metadata.traceId());
        at = RecordWriter.putNullableString(buffer, at, metadata.spanId());
        at = putMap(buffer, at, metadata.custom(), 1);
        at = putMap(buffer, at, event.payload(), 1);
        return RecordFrame.seal(buffer, offset, at) - offset;
    }

    /** The encoded form of {@code event} as a new array (convenient, but allocates; see {@link #encode}). */
    public static byte[] toBytes(Event event) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        int length = encode(event, buffer, 0);
        byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
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
        Event event = readEvent(reader);
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

    static Event readEvent(RecordReader reader) {
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
        Map<String, Object> custom = readMap(reader, 1);
        Map<String, Object> payload = readMap(reader, 1);
        EventMetadata metadata = new EventMetadata(eventId, correlationId, causationId, timestamp, source,
                sourceTopic, retryCount, traceId, spanId, custom);
        return new Event(EventType.ofOrdinal(typeCode), payload, metadata);
    }

    private static int putMap(MutableDirectBuffer buffer, int position, Map<String, Object> map, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw tooDeep();
        }
        int size = map.size();
        int at = RecordWriter.putVarLong(buffer, position, size);
        if (PayloadValues.isFrozen(map)) {
            for (int i = 0; i < size; i++) { // every event's maps are frozen: no iterator to allocate
                at = RecordWriter.putString(buffer, at, PayloadValues.keyAt(map, i));
                at = putValue(buffer, at, PayloadValues.valueAt(map, i), depth);
            }
            return at;
        }
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            at = RecordWriter.putString(buffer, at, entry.getKey());
            at = putValue(buffer, at, entry.getValue(), depth);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static int putValue(MutableDirectBuffer buffer, int position, Object value, int depth) {
        if (value == null) {
            return RecordWriter.putByte(buffer, position, TAG_NULL);
        }
        if (value instanceof String text) {
            return RecordWriter.putString(buffer, RecordWriter.putByte(buffer, position, TAG_STRING), text);
        }
        if (value instanceof Long number) {
            return RecordWriter.putZigZag(buffer, RecordWriter.putByte(buffer, position, TAG_LONG), number);
        }
        if (value instanceof Double number) {
            return RecordWriter.putLongLittleEndian(buffer, RecordWriter.putByte(buffer, position, TAG_DOUBLE),
                    Double.doubleToRawLongBits(number));
        }
        if (value instanceof Boolean flag) {
            return RecordWriter.putByte(buffer, position, flag ? TAG_TRUE : TAG_FALSE);
        }
        if (value instanceof Map<?, ?> map) {
            return putMap(buffer, RecordWriter.putByte(buffer, position, TAG_MAP), (Map<String, Object>) map, depth + 1);
        }
        if (value instanceof List<?> list) {
            if (depth + 1 > MAX_NESTING_DEPTH) {
                throw tooDeep();
            }
            int at = RecordWriter.putVarLong(buffer, RecordWriter.putByte(buffer, position, TAG_LIST), list.size());
            for (int i = 0, n = list.size(); i < n; i++) {
                at = putValue(buffer, at, list.get(i), depth + 1);
            }
            return at;
        }
        throw new IllegalArgumentException("Cannot encode a payload value of type " + value.getClass().getName()
                + " (payload values are null, String, Boolean, Long, Double, Map and List)");
    }

    private static IllegalArgumentException tooDeep() {
        return new IllegalArgumentException("Payload nests maps and lists deeper than " + MAX_NESTING_DEPTH
                + " levels, the most the journal format allows");
    }

    private static Map<String, Object> readMap(RecordReader reader, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw reader.corrupt("Maps and lists nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        int count = reader.readCount(2, "Map size");
        String[] keys = new String[count];
        Object[] values = new Object[count];
        Set<String> seen = count > SMALL_MAP ? new HashSet<>(count * 2) : null;
        for (int i = 0; i < count; i++) {
            String key = reader.readKey();
            if (seen != null ? !seen.add(key) : contains(keys, i, key)) {
                throw reader.corrupt("Duplicate map key '" + key + "'");
            }
            keys[i] = key;
            values[i] = readValue(reader, depth);
        }
        // Built here from payload values only: frozen without a second copy.
        return PayloadValues.adoptEntries(keys, values);
    }

    private static boolean contains(String[] keys, int count, String key) {
        for (int i = 0; i < count; i++) {
            if (keys[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static Object readValue(RecordReader reader, int depth) {
        int tag = reader.readUnsignedByte();
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
                return Double.longBitsToDouble(reader.readLongLittleEndian());
            case TAG_STRING:
                return reader.readString();
            case TAG_MAP:
                return readMap(reader, depth + 1);
            case TAG_LIST:
                return readList(reader, depth + 1);
            default:
                throw reader.corrupt("Unknown value tag " + tag);
        }
    }

    private static List<Object> readList(RecordReader reader, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw reader.corrupt("Maps and lists nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        int count = reader.readCount(1, "List size");
        ArrayList<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(readValue(reader, depth));
        }
        return PayloadValues.adoptList(list);
    }
}
