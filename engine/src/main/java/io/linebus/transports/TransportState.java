package io.linebus.transports;

import java.util.Objects;

/**
 * The connection state of a transport. Entering {@link #CONNECTED} announces a connection;
 * leaving it (for any other state) announces a disconnection (see {@link BaseTransport}).
 */
public enum TransportState {
    DISCONNECTED("disconnected"),
    CONNECTING("connecting"),
    CONNECTED("connected"),
    RECONNECTING("reconnecting"),
    ERROR("error");

    private final String value;

    TransportState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /**
     * @throws IllegalArgumentException for an unknown value
     */
    public static TransportState fromValue(String value) {
        Objects.requireNonNull(value, "value");
        for (TransportState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown transport state: '" + value
                + "' (expected disconnected, connecting, connected, reconnecting or error)");
    }
}
