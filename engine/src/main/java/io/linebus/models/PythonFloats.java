package io.linebus.models;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;

/**
 * Doubles written as Python's {@code repr(float)} writes them (which is what {@code json.dumps}
 * emits), so that linebus writes the same JSON text as pyWATS: the shortest digits that read back
 * to the same double, in fixed notation while the decimal exponent is in [-4, 16)
 * ({@code 0.0001}, {@code 1000000000000000.0}), otherwise in scientific notation with a signed,
 * at least two-digit exponent ({@code 1e-05}, {@code 1.5e+16}).
 */
final class PythonFloats {
    private PythonFloats() {
    }

    /**
     * The Python text of a finite double.
     *
     * @throws IllegalArgumentException for NaN or an infinity, which JSON cannot carry
     */
    static String repr(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot represent " + value + " in JSON (numbers must be finite)");
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0.0" : "0.0";
        }
        double magnitude = Math.abs(value);
        // Schubfach gives the shortest digits, as Double.toString does from Java 19 on (Java 17's
        // is not always shortest), in Java's "d.dddE±n" or plain-decimal form.
        String java = NumberOutput.toString(magnitude, true);
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        // decimalPoint: the value is 0.DIGITS x 10^decimalPoint (Python's "decpt").
        int decimalPoint = dot + exponent;
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        int last = digits.length();
        while (last > first + 1 && digits.charAt(last - 1) == '0') {
            last--;
        }
        digits = digits.substring(first, last);
        decimalPoint -= first;
        if (digits.length() == 2 && magnitude < Double.MIN_NORMAL) {
            // Among subnormals, Java prefers a closer two-digit form where one digit would do
            // (4.9E-324); Python takes the shortest that reads back (5e-324).
            String single = oneDigit(magnitude, digits, decimalPoint);
            if (single != null) {
                decimalPoint += single.length() - 1;
                digits = single.substring(0, 1);
            }
        }
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (value < 0) {
            out.append('-');
        }
        if (decimalPoint > -4 && decimalPoint <= 16) {
            appendFixed(out, digits, decimalPoint);
        } else {
            appendScientific(out, digits, decimalPoint - 1);
        }
        return out.toString();
    }

    /**
     * The one-digit form of {@code magnitude} (as "d", or "10" when rounding up carries), when one
     * reads back to it; the nearer one when both neighbours do; else null.
     */
    private static String oneDigit(double magnitude, String digits, int decimalPoint) {
        int lead = digits.charAt(0) - '0';
        String down = String.valueOf(lead);
        String up = String.valueOf(lead + 1);
        boolean downReads = readsBack(down, decimalPoint - 1, magnitude);
        boolean upReads = readsBack(up, decimalPoint - 1, magnitude);
        if (downReads && upReads) {
            BigDecimal exact = new BigDecimal(magnitude);
            BigDecimal low = new BigDecimal(down).scaleByPowerOfTen(decimalPoint - 1);
            BigDecimal high = new BigDecimal(up).scaleByPowerOfTen(decimalPoint - 1);
            return exact.subtract(low).compareTo(high.subtract(exact)) <= 0 ? down : up;
        }
        return downReads ? down : upReads ? up : null;
    }

    private static boolean readsBack(String digit, int power, double magnitude) {
        return Double.parseDouble(digit + "E" + power) == magnitude;
    }

    private static void appendFixed(StringBuilder out, String digits, int decimalPoint) {
        if (decimalPoint <= 0) {
            out.append("0.");
            out.append("0".repeat(-decimalPoint));
            out.append(digits);
        } else if (decimalPoint < digits.length()) {
            out.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, digits.length());
        } else {
            out.append(digits).append("0".repeat(decimalPoint - digits.length())).append(".0");
        }
    }

    private static void appendScientific(StringBuilder out, String digits, int exponent) {
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        out.append(magnitude);
    }
}
