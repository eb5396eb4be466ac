package io.linebus.journal;

/**
 * A journal or persistent dead letter queue that cannot be opened or used: a directory that does not
 * exist (read-only), that is not a journal, or an I/O failure. The message names the path.
 */
public class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
