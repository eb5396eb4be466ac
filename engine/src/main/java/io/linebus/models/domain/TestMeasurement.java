package io.linebus.models.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One measured value with optional limits.
 *
 * @param name the measurement name (required)
 * @param value the measured value, nullable
 * @param unit the unit, default {@code "?"}
 * @param status default {@link TestResult#PASS}
 * @param lowLimit the inclusive lower limit, nullable
 * @param highLimit the inclusive upper limit, nullable
 * @param nominal the expected value, nullable
 * @param compOp the comparison operator, default {@code "GELE"} (documented examples: EQ, LT, GT, GELE)
 */
public record TestMeasurement(String name, Double value, String unit, TestResult status, Double lowLimit,
        Double highLimit, Double nominal, String compOp) {

    public TestMeasurement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(compOp, "compOp");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Whether the value lies within the limits, both inclusive; no value, or a limit not set,
     * passes. {@code status}, {@code nominal} and {@code compOp} are not consulted, and NaN is
     * within limits (it compares false both ways), as in Python.
     */
    public boolean isWithinLimits() {
        if (value == null) {
            return true;
        }
        return !(lowLimit != null && value < lowLimit) && !(highLimit != null && value > highLimit);
    }

    /**
     * Keys: name, value, unit, status, low_limit, high_limit (Python's), then nominal, comp_op
     * (which Python drops, D15: lossless domain serialization).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("name", name);
        map.put("value", value);
        map.put("unit", unit);
        map.put("status", status.value());
        map.put("low_limit", lowLimit);
        map.put("high_limit", highLimit);
        map.put("nominal", nominal);
        map.put("comp_op", compOp);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form; absent keys take the defaults (so Python's shorter form reads too).
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static TestMeasurement fromMap(Map<String, ?> data) {
        return read(FieldReader.of(data, "TestMeasurement"));
    }

    static TestMeasurement read(FieldReader fields) {
        return new TestMeasurement(
                fields.requiredString("name"),
                fields.number("value"),
                fields.string("unit", Builder.DEFAULT_UNIT),
                fields.enumValue("status", TestResult.class, TestResult::fromValue, TestResult.PASS),
                fields.number("low_limit"),
                fields.number("high_limit"),
                fields.number("nominal"),
                fields.string("comp_op", Builder.DEFAULT_COMP_OP));
    }

    /** Builds a measurement; unset properties take the Python defaults. */
    public static final class Builder {
        static final String DEFAULT_UNIT = "?";
        static final String DEFAULT_COMP_OP = "GELE";

        private final String name;
        private Double value;
        private String unit = DEFAULT_UNIT;
        private TestResult status = TestResult.PASS;
        private Double lowLimit;
        private Double highLimit;
        private Double nominal;
        private String compOp = DEFAULT_COMP_OP;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder value(Double value) {
            this.value = value;
            return this;
        }

        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        public Builder status(TestResult status) {
            this.status = status;
            return this;
        }

        public Builder lowLimit(Double lowLimit) {
            this.lowLimit = lowLimit;
            return this;
        }

        public Builder highLimit(Double highLimit) {
            this.highLimit = highLimit;
            return this;
        }

        public Builder nominal(Double nominal) {
            this.nominal = nominal;
            return this;
        }

        public Builder compOp(String compOp) {
            this.compOp = compOp;
            return this;
        }

        public TestMeasurement build() {
            return new TestMeasurement(name, value, unit, status, lowLimit, highLimit, nominal, compOp);
        }
    }
}
