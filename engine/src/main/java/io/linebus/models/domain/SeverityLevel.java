package io.linebus.models.domain;

import java.util.Arrays;

/**
 * Severity of an equipment fault. No ordering is defined (as in Python).
 *
 * <p>{@link #value()} is the Python string written into payloads; {@link #fromValue(String)} reads it back.
 */
public enum SeverityLevel {
    INFO("info"),
    WARNING("warning"),
    ERROR("error"),
    CRITICAL("critical");

    private final String value;

    SeverityLevel(String value) {
        this.value = value;
    }

    /** The Python value, e.g. {@code "info"}. */
    public String value() {
        return value;
    }

    /**
     * The constant whose Python value is exactly {@code value} (case-sensitive).
     *
     * @throws IllegalArgumentException for {@code null} or an unknown value, listing the allowed ones
     */
    public static SeverityLevel fromValue(String value) {
        for (SeverityLevel constant : values()) {
            if (constant.value.equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(DomainValues.unknownValue("SeverityLevel", value,
                Arrays.stream(values()).map(SeverityLevel::value).toList()));
    }
}
