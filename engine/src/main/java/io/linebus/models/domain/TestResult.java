package io.linebus.models.domain;

import java.util.Arrays;

/**
 * Result status of tests, steps, measurements and inspections.
 *
 * <p>{@link #value()} is the Python string written into payloads; {@link #fromValue(String)} reads it back.
 */
public enum TestResult {
    PASS("pass"),
    FAIL("fail"),
    ERROR("error"),
    SKIPPED("skipped"),
    ABORTED("aborted");

    private final String value;

    TestResult(String value) {
        this.value = value;
    }

    /** The Python value, e.g. {@code "pass"}. */
    public String value() {
        return value;
    }

    /**
     * The constant whose Python value is exactly {@code value} (case-sensitive).
     *
     * @throws IllegalArgumentException for {@code null} or an unknown value, listing the allowed ones
     */
    public static TestResult fromValue(String value) {
        for (TestResult constant : values()) {
            if (constant.value.equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(DomainValues.unknownValue("TestResult", value,
                Arrays.stream(values()).map(TestResult::value).toList()));
    }
}
