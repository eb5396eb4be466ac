package io.linebus.models.domain;

import io.linebus.models.IsoTimes;
import io.linebus.models.PayloadValues;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the domain records share when they are built and when they write their maps. */
final class DomainValues {
    private DomainValues() {
    }

    static String unknownValue(String enumName, String value, List<String> allowed) {
        return "Unknown " + enumName + " value " + (value == null ? "null" : "'" + value + "'")
                + "; allowed: " + String.join(", ", allowed);
    }

    /**
     * The time at microsecond precision: Python cannot represent more, and the map form must read
     * back into an equal record.
     */
    static OffsetDateTime micros(OffsetDateTime time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime microsOrNow(OffsetDateTime time) {
        return time == null ? IsoTimes.now() : micros(time);
    }

    static String format(OffsetDateTime time) {
        return time == null ? null : IsoTimes.format(time);
    }

    static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }

    /** A deep unmodifiable copy in the payload value model ({@code null} gives an empty map). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> freezeMap(Map<String, ?> map, String field) {
        if (map == null || map.isEmpty()) {
            return PayloadValues.empty();
        }
        return (Map<String, Object>) PayloadValues.freezeValue(map, field);
    }

    /** An unmodifiable copy ({@code null} gives an empty list); null elements are rejected by index. */
    static <T> List<T> copyList(List<? extends T> list, String field) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(list.size());
        for (T element : list) {
            if (element == null) {
                throw new NullPointerException(field + "[" + copy.size() + "]");
            }
            copy.add(element);
        }
        return Collections.unmodifiableList(copy);
    }

    /** Each element's map form, for writing nested records. */
    static <T> List<Map<String, Object>> toMaps(List<T> records, Function<T, Map<String, Object>> toMap) {
        List<Map<String, Object>> maps = new ArrayList<>(records.size());
        for (T record : records) {
            maps.add(toMap.apply(record));
        }
        return maps;
    }
}
