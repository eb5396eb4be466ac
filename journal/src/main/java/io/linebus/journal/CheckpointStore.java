package io.linebus.journal;

import io.linebus.bus.EventJournal;
import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Each handler's last completed journal index, in a memory-mapped file beside the queue.
 *
 * <p>Why a mapped file: saving a checkpoint is one ordered 8-byte store into the page cache
 * (nanoseconds, so the bus can save every few milliseconds), the kernel keeps those pages when the
 * process dies, including by {@code kill -9}, and the file never grows: one fixed slot per handler
 * instead of a record per save. A second Chronicle queue would grow with every save and need a
 * scan to find the last value per handler. (Like the journal itself, a power loss can lose what the
 * kernel had not yet written back; {@link #force()} narrows that window.)
 *
 * <p>Layout: magic {@code "LBCKPT01"}, int version, int published slot count, then
 * {@value #SLOT_LENGTH}-byte slots: long index, short name length, UTF-8 name; little-endian (the
 * index in native order, little-endian on every platform Chronicle Queue supports). A new slot is
 * written in full before the count that publishes it, so a crash mid-creation loses only that
 * handler's first checkpoint (it then replays from the start: at least once, never lost).
 *
 * <p>Thread-safe. One process at a time should save checkpoints to a journal directory; any number
 * may read them.
 */
final class CheckpointStore implements AutoCloseable {
    static final String FILE_NAME = "linebus-checkpoints.dat";

    private static final long MAGIC = 0x31305450_4B43424CL; // "LBCKPT01" read as a little-endian long
    private static final int VERSION = 1;
    private static final int COUNT_OFFSET = 12;
    private static final int HEADER_LENGTH = 64;
    static final int SLOT_LENGTH = 256;
    private static final int NAME_OFFSET = 10;
    static final int MAX_NAME_BYTES = SLOT_LENGTH - NAME_OFFSET;
    static final int CAPACITY = 4096;
    private static final int FILE_LENGTH = HEADER_LENGTH + CAPACITY * SLOT_LENGTH;

    private final Path file;
    private final boolean readOnly;
    private final Map<String, Integer> slots = new ConcurrentHashMap<>();
    private MappedByteBuffer mapped;
    private UnsafeBuffer buffer;
    private int knownSlots;
    private boolean closed;

    private CheckpointStore(Path file, boolean readOnly) {
        this.file = file;
        this.readOnly = readOnly;
    }

    /** Opens (or, unless read-only, creates) the checkpoint file in {@code directory}. */
    static CheckpointStore open(Path directory, boolean readOnly) {
        CheckpointStore store = new CheckpointStore(directory.resolve(FILE_NAME), readOnly);
        store.map();
        return store;
    }

    private void map() {
        File f = file.toFile();
        try {
            if (Files.exists(file)) {
                if (Files.size(file) != FILE_LENGTH) {
                    throw new JournalException("Checkpoint file " + file + " has " + Files.size(file)
                            + " bytes, expected " + FILE_LENGTH + ": not a linebus checkpoint file");
                }
                mapped = IoUtil.mapExistingFile(f, readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                        "checkpoints");
                buffer = new UnsafeBuffer(mapped);
                if (buffer.getLong(0, ByteOrder.LITTLE_ENDIAN) != MAGIC || buffer.getInt(8, ByteOrder.LITTLE_ENDIAN) != VERSION) {
                    close();
                    throw new JournalException("Checkpoint file " + file + " is not a version " + VERSION
                            + " linebus checkpoint file");
                }
            } else if (!readOnly) {
                Path temp = file.resolveSibling(FILE_NAME + ".tmp");
                Files.deleteIfExists(temp); // left by a crash during an earlier creation
                MappedByteBuffer created = IoUtil.mapNewFile(temp.toFile(), FILE_LENGTH, true);
                UnsafeBuffer header = new UnsafeBuffer(created);
                header.putLong(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
                header.putInt(8, VERSION, ByteOrder.LITTLE_ENDIAN);
                created.force();
                IoUtil.unmap(created);
                // Renamed into place only once complete, so a crash never leaves a half-made file.
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                mapped = IoUtil.mapExistingFile(f, "checkpoints");
                buffer = new UnsafeBuffer(mapped);
            }
        } catch (IOException | IllegalStateException e) {
            throw new JournalException("Cannot open checkpoint file " + file + ": " + e, e);
        }
        refresh();
    }

    /** A read-only store opened before the writer made the file maps it once it exists. */
    private void mapIfCreatedSince() {
        if (buffer == null && Files.exists(file)) {
            map();
        }
    }

    /** Reads slots published since the last look (by this or another process). */
    private void refresh() {
        if (buffer == null) {
            return;
        }
        int count = buffer.getIntVolatile(COUNT_OFFSET);
        if (count < 0 || count > CAPACITY) {
            throw new JournalException("Checkpoint file " + file + " is damaged: slot count " + count);
        }
        for (int slot = knownSlots; slot < count; slot++) {
            int at = slotOffset(slot);
            int length = buffer.getShort(at + 8, ByteOrder.LITTLE_ENDIAN);
            if (length <= 0 || length > MAX_NAME_BYTES) {
                throw new JournalException("Checkpoint file " + file + " is damaged: slot " + slot
                        + " has a name of " + length + " bytes");
            }
            byte[] name = new byte[length];
            buffer.getBytes(at + NAME_OFFSET, name);
            slots.put(new String(name, StandardCharsets.UTF_8), slot);
        }
        knownSlots = Math.max(knownSlots, count);
    }

    synchronized void save(String handlerName, long index) {
        if (readOnly) {
            throw new IllegalStateException("Journal opened read-only: cannot save the checkpoint of " + handlerName);
        }
        ensureOpen();
        Integer slot = slots.get(handlerName);
        if (slot == null) {
            slot = createSlot(handlerName);
        }
        buffer.putLongVolatile(slotOffset(slot), index);
    }

    private int createSlot(String handlerName) {
        byte[] name = handlerName.getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("Handler name too long for a checkpoint: " + name.length
                    + " UTF-8 bytes, at most " + MAX_NAME_BYTES + " allowed");
        }
        refresh();
        Integer existing = slots.get(handlerName);
        if (existing != null) {
            return existing;
        }
        int slot = knownSlots;
        if (slot >= CAPACITY) {
            throw new IllegalStateException("Checkpoint file " + file + " is full: " + CAPACITY + " handlers");
        }
        int at = slotOffset(slot);
        buffer.putLong(at, EventJournal.NO_INDEX);
        buffer.putShort(at + 8, (short) name.length, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(at + NAME_OFFSET, name);
        buffer.putIntVolatile(COUNT_OFFSET, slot + 1);
        knownSlots = slot + 1;
        slots.put(handlerName, slot);
        return slot;
    }

    long load(String handlerName) {
        Integer slot = slots.get(handlerName);
        synchronized (this) {
            ensureOpen();
            mapIfCreatedSince();
            if (buffer == null) {
                return EventJournal.NO_INDEX;
            }
            if (slot == null) {
                refresh();
                slot = slots.get(handlerName);
                if (slot == null) {
                    return EventJournal.NO_INDEX;
                }
            }
            return buffer.getLongVolatile(slotOffset(slot));
        }
    }

    /** Every handler's checkpoint, in the order the handlers were first saved. */
    synchronized Map<String, Long> all() {
        ensureOpen();
        mapIfCreatedSince();
        refresh();
        Map<String, Long> result = new LinkedHashMap<>();
        slots.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> result.put(e.getKey(), buffer == null ? EventJournal.NO_INDEX
                        : buffer.getLongVolatile(slotOffset(e.getValue()))));
        return result;
    }

    /** Asks the kernel to write the checkpoints to disk now. */
    synchronized void force() {
        if (mapped != null && !readOnly) {
            mapped.force();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Checkpoint file " + file + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mapped != null) {
            IoUtil.unmap(mapped);
            mapped = null;
            buffer = null;
        }
    }

    private static int slotOffset(int slot) {
        return HEADER_LENGTH + slot * SLOT_LENGTH;
    }
}
