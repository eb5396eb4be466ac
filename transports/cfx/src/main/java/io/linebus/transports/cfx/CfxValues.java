package io.linebus.transports.cfx;

import java.time.OffsetDateTime;
import java.util.Collection;
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
     * The operator id under the first of {@code keys} that holds one: a CFX {@code Operator}
     * object's {@code OperatorIdentifier}, or plain text (pyWATS' {@code TestedBy}).
     */
    static String operatorId(CfxBody body, String... keys) {
        for (String key : keys) {
            Object value = body.value(key);
            String id = value instanceof String text ? text
                    : value instanceof java.util.Map<?, ?> ? body.object(key).string("OperatorIdentifier")
                    : null;
            if (!CfxContext.isEmpty(id)) {
                return id;
            }
        }
        return null;
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
        if (value != null && !(value instanceof String) && !(value instanceof java.util.Map)) {
            throw body.wrongType(key, "an Operator object or a station name", value);
        }
        return context.sender();
    }
}
