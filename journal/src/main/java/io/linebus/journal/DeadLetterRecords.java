package io.linebus.journal;

import io.linebus.models.Event;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.RecordedError;
import java.time.OffsetDateTime;
import org.agrona.DirectBuffer;

/**
 * The records of a persistent dead letter queue: every change is one record, so that replaying
 * them in order rebuilds exactly what is left.
 *
 * <p>Format version 1, framed by {@link RecordFrame} (version byte first, CRC-32C last):
 * <pre>
 * u8 op 1 ADDED:   time timestamp, zig-zag retry count, string? handler name, string error type,
 *                  string? error message, u32 event length, event record ({@link EventCodec})
 * u8 op 2 POPPED:  u64 index of the ADDED record removed
 * u8 op 3 EVICTED: u64 index of the ADDED record removed
 * u8 op 4 CLEARED: u64 index of the last record the clear removed (every entry up to it)
 * </pre>
 */
final class DeadLetterRecords {
    static final int FORMAT_VERSION = 1;

    private static final int OP_ADDED = 1;
    private static final int OP_POPPED = 2;
    private static final int OP_EVICTED = 3;
    private static final int OP_CLEARED = 4;

    private DeadLetterRecords() {
    }

    /** One decoded change. */
    sealed interface Change permits Added, Removed, Cleared {
    }

    /** An entry was added. */
    record Added(DeadLetterEntry entry) implements Change {
    }

    /** The entry added by the record at {@code addedIndex} was popped or evicted. */
    record Removed(long addedIndex, boolean evicted) implements Change {
    }

    /** Every entry added at or before {@code upToIndex} was cleared. */
    record Cleared(long upToIndex) implements Change {
    }

    /** Writes the record of an added entry into {@code writer}, from its start. */
    static void encodeAdded(DeadLetterEntry entry, RecordWriter writer) {
        writer.reset();
        writer.putByte(FORMAT_VERSION);
        writer.putByte(OP_ADDED);
        writer.putTimestamp(entry.timestamp());
        writer.putZigZag(entry.retryCount());
        writer.putNullableString(entry.handlerName());
        writer.putString(entry.errorType());
        writer.putNullableString(entry.error().getMessage());
        int lengthAt = writer.position();
        writer.putIntLittleEndian(0);
        EventCodec.write(entry.event(), writer);
        writer.putIntLittleEndianAt(lengthAt, writer.position() - lengthAt - Integer.BYTES);
        RecordFrame.seal(writer, 0);
    }

    /** Writes the record of a popped ({@code evicted} false) or evicted entry into {@code writer}. */
    static void encodeRemoved(long addedIndex, boolean evicted, RecordWriter writer) {
        encodeIndexOp(evicted ? OP_EVICTED : OP_POPPED, addedIndex, writer);
    }

    /** Writes the record of a clear into {@code writer}. */
    static void encodeCleared(long upToIndex, RecordWriter writer) {
        encodeIndexOp(OP_CLEARED, upToIndex, writer);
    }

    private static void encodeIndexOp(int op, long index, RecordWriter writer) {
        writer.reset();
        writer.putByte(FORMAT_VERSION);
        writer.putByte(op);
        writer.putLongLittleEndian(index);
        RecordFrame.seal(writer, 0);
    }

    /**
     * Reads one record.
     *
     * @throws CorruptRecordException when it is damaged or not a dead letter record
     */
    static Change decode(DirectBuffer buffer, int length) {
        int body = RecordFrame.verify(buffer, 0, length, FORMAT_VERSION, "Dead letter record");
        RecordReader reader = new RecordReader(buffer, 1, body);
        int op = reader.readUnsignedByte();
        Change change;
        switch (op) {
            case OP_ADDED:
                change = readAdded(buffer, reader);
                break;
            case OP_POPPED:
            case OP_EVICTED:
                change = new Removed(reader.readLongLittleEndian(), op == OP_EVICTED);
                break;
            case OP_CLEARED:
                change = new Cleared(reader.readLongLittleEndian());
                break;
            default:
                throw reader.corrupt("Unknown dead letter record type " + op);
        }
        if (reader.remaining() != 0) {
            throw reader.corrupt("Dead letter record has " + reader.remaining() + " unexpected bytes at its end");
        }
        return change;
    }

    private static Added readAdded(DirectBuffer buffer, RecordReader reader) {
        OffsetDateTime timestamp = reader.readTimestamp();
        long retryCount = reader.readZigZag();
        if (retryCount != (int) retryCount) {
            throw reader.corrupt("Retry count out of range: " + retryCount);
        }
        String handlerName = reader.readNullableString();
        String errorType = reader.readString();
        String errorMessage = reader.readNullableString();
        int eventLength = reader.readIntLittleEndian();
        if (eventLength != reader.remaining()) {
            throw reader.corrupt("Dead letter record's event length " + eventLength + " does not match the "
                    + reader.remaining() + " bytes left");
        }
        Event event = EventCodec.decode(buffer, reader.position(), eventLength);
        reader.skip(eventLength);
        return new Added(new DeadLetterEntry(event, new RecordedError(errorType, errorMessage), timestamp,
                handlerName, (int) retryCount));
    }
}
