package io.linebus.journal;

import java.util.Arrays;

/**
 * The distinct map keys of one record, numbered in the order they first appear. A payload repeats
 * its keys in every nested map ({@code name}, {@code value}, {@code unit} of each measurement), so
 * the codec spells a key out once per record and refers to it by number afterwards: fewer bytes,
 * and neither side encodes, decodes or compares the text again.
 *
 * <p>One instance serves one thread, record after record: {@link #reset()} forgets the keys in
 * constant time (slots carry the number of the record that filled them), and once the table has
 * grown to the largest record it allocates nothing.
 */
final class RecordKeys {
    private static final int INITIAL_SLOTS = 64;

    private String[] keys = new String[INITIAL_SLOTS / 2];
    private int count;
    // Open addressing by String.hashCode (cached in the string): the slot's key number, and the
    // record the slot was filled for; a slot of an older record is empty.
    private int[] slotIds = new int[INITIAL_SLOTS];
    private int[] slotRecords = new int[INITIAL_SLOTS];
    private int record = 1;

    /** Forgets every key: the next record starts an empty table. */
    void reset() {
        count = 0;
        if (++record == 0) { // after 2^32 records: old stamps could look current again
            Arrays.fill(slotRecords, 0);
            record = 1;
        }
    }

    int size() {
        return count;
    }

    /** The key numbered {@code id}; {@code 0 <= id < size()}. */
    String key(int id) {
        return keys[id];
    }

    /**
     * The number of a key equal to {@code key}, or, when there is none yet, -1 after adding it as
     * the next number.
     */
    int findOrAdd(String key) {
        int mask = slotIds.length - 1;
        int hash = key.hashCode();
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (slotRecords[slot] == record) {
            String candidate = keys[slotIds[slot]];
            if (candidate == key || (candidate.hashCode() == hash && candidate.equals(key))) {
                return slotIds[slot];
            }
            slot = (slot + 1) & mask;
        }
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, count * 2);
        }
        keys[count] = key;
        slotIds[slot] = count;
        slotRecords[slot] = record;
        count++;
        if (count * 2 > slotIds.length) {
            rehash(slotIds.length * 2);
        }
        return -1;
    }

    private void rehash(int slots) {
        slotIds = new int[slots];
        slotRecords = new int[slots];
        record = 1;
        int mask = slots - 1;
        for (int id = 0; id < count; id++) {
            int hash = keys[id].hashCode();
            int slot = (hash ^ (hash >>> 16)) & mask;
            while (slotRecords[slot] == record) {
                slot = (slot + 1) & mask;
            }
            slotIds[slot] = id;
            slotRecords[slot] = record;
        }
    }
}
