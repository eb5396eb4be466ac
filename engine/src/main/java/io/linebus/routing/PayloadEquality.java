package io.linebus.routing;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Equality of payload values as JSON sees them (D23: numeric-aware payload equality): numbers
 * compare by value, so {@code 1L} equals {@code 1.0}, exactly (no rounding through {@code double});
 * maps and lists compare element by element with the same rule. Unlike Python, booleans are not
 * numbers: {@code true} does not equal {@code 1}. {@code NaN} equals nothing, as in Python.
 */
final class PayloadEquality {
    private PayloadEquality() {
    }

    static boolean valuesEqual(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return mapsEqual(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return listsEqual(x, y);
        }
        return a.equals(b);
    }

    private static boolean numbersEqual(Number x, Number y) {
        if (x instanceof Long && y instanceof Long) {
            return x.longValue() == y.longValue();
        }
        double dx = x.doubleValue();
        double dy = y.doubleValue();
        if (Double.isNaN(dx) || Double.isNaN(dy)) {
            return false;
        }
        if (Double.isInfinite(dx) || Double.isInfinite(dy)) {
            return dx == dy;
        }
        return exact(x).compareTo(exact(y)) == 0;
    }

    private static BigDecimal exact(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        // Payload numbers are Long or Double (PayloadValues); a double converts exactly.
        return new BigDecimal(number.doubleValue());
    }

    private static boolean mapsEqual(Map<?, ?> x, Map<?, ?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (Map.Entry<?, ?> entry : x.entrySet()) {
            Object key = entry.getKey();
            if (!y.containsKey(key) || !valuesEqual(entry.getValue(), y.get(key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean listsEqual(List<?> x, List<?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        Iterator<?> left = x.iterator();
        Iterator<?> right = y.iterator();
        while (left.hasNext()) {
            if (!valuesEqual(left.next(), right.next())) {
                return false;
            }
        }
        return true;
    }
}
