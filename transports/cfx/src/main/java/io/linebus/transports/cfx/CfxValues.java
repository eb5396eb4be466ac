package io.linebus.transports.cfx;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/** Choices between CFX values that several mappings make. */
final class CfxValues {
    private CfxValues() {
    }

    /** The first argument that is neither null nor empty, else null. */
    static String firstNonEmpty(String... candidates) {
        for (String candidate : candidates) {
            if (!CfxContext.isEmpty(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The text, or {@code ""} for null. */
    static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** The first argument that is not null, else null. */
    static OffsetDateTime firstTime(OffsetDateTime... candidates) {
        for (OffsetDateTime candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    static OffsetDateTime earliest(Collection<OffsetDateTime> times) {
        return times.stream().filter(Objects::nonNull).min(OffsetDateTime::compareTo).orElse(null);
    }

    static OffsetDateTime latest(Collection<OffsetDateTime> times) {
        return times.stream().filter(Objects::nonNull).max(OffsetDateTime::compareTo).orElse(null);
    }

    /**
     * The operator: the CFX {@code Operator} object under {@code operatorKey} (its
     * {@code OperatorIdentifier}; text there names a station, see {@link #stationId}), else
     * pyWATS' {@code fallbackKey} (text, or an {@code Operator} object); null when neither names one.
     *
     * @param fallbackKey nullable
     */
    static String operatorId(CfxBody body, String operatorKey, String fallbackKey) {
        String id = body.value(operatorKey) instanceof Map ? body.object(operatorKey).string("OperatorIdentifier") : null;
        if (CfxContext.isEmpty(id) && fallbackKey != null) {
            Object fallback = body.value(fallbackKey);
            id = fallback instanceof Map ? body.object(fallbackKey).string("OperatorIdentifier")
                    : fallback instanceof String text ? text
                    : null;
        }
        return CfxContext.isEmpty(id) ? null : id;
    }

    /**
     * The station of a test or inspection: text under {@code key} (pyWATS' {@code Tester} and
     * {@code Inspector} name the station), else the sender. In the CFX SDK that member is an
     * {@code Operator} object, the person, so the station is the sender.
     *
     * @throws IllegalArgumentException when the member is neither text nor an object
     */
    static String stationId(CfxBody body, String key, CfxContext context) {
        Object value = body.value(key);
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        if (value != null && !(value instanceof String) && !(value instanceof Map)) {
            throw body.wrongType(key, "an Operator object or a station name", value);
        }
        return context.sender();
    }
}
