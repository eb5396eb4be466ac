package io.linebus.policies;

import java.util.Objects;

/**
 * An error read back from storage: the original exception's short class name and message, without
 * its class (which may not exist in the reading process). Persistent dead letters hold these.
 */
public final class RecordedError extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorType;

    public RecordedError(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    /** The short class name of the original error, e.g. {@code IllegalStateException}. */
    public String errorType() {
        return errorType;
    }

    @Override
    public String toString() {
        String message = getMessage();
        return message == null || message.isEmpty() ? errorType : errorType + ": " + message;
    }
}
