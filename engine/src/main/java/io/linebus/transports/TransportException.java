package io.linebus.transports;

/** A transport could not connect, send or receive (Python's {@code ConnectionError}). */
public class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
