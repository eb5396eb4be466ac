package io.linebus.cli;

import java.time.Instant;

/**
 * A place in a journal, given on the command line as an index or as an append time.
 *
 * @param index the journal index, or -1 when {@code time} is given
 * @param time the append time, or null when {@code index} is given
 */
record JournalPosition(long index, Instant time) {
    static JournalPosition ofIndex(long index) {
        return new JournalPosition(index, null);
    }

    static JournalPosition ofTime(Instant time) {
        return new JournalPosition(-1L, time);
    }

    boolean isTime() {
        return time != null;
    }

    @Override
    public String toString() {
        return isTime() ? time.toString() : Long.toString(index);
    }
}
