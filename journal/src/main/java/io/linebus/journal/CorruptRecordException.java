package io.linebus.journal;

/**
 * A stored record that cannot be read back: truncated, corrupted, of an unknown format version or
 * not written by linebus. Thrown instead of ever returning a wrong event; readers of a journal or a
 * dead letter queue name the record's index and directory in the message.
 */
public class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
