package io.linebus.models.domain;

import java.util.Arrays;

/**
 * Normalized equipment state.
 *
 * <p>{@link #value()} is the Python string written into payloads; {@link #fromValue(String)} reads it back.
 */
public enum AssetState {
    ONLINE("online"),
    OFFLINE("offline"),
    IDLE("idle"),
    BUSY("busy"),
    ERROR("error"),
    MAINTENANCE("maintenance");

    private final String value;

    AssetState(String value) {
        this.value = value;
    }

    /** The Python value, e.g. {@code "online"}. */
    public String value() {
        return value;
    }

    /**
     * The constant whose Python value is exactly {@code value} (case-sensitive).
     *
     * @throws IllegalArgumentException for {@code null} or an unknown value, listing the allowed ones
     */
    public static AssetState fromValue(String value) {
        for (AssetState constant : values()) {
            if (constant.value.equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(DomainValues.unknownValue("AssetState", value,
                Arrays.stream(values()).map(AssetState::value).toList()));
    }
}
