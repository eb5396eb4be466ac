package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A work-order lifecycle notification. Published as {@link EventType#WORK_ORDER_CREATED} for
 * {@link Action#CREATED} and {@link EventType#WORK_ORDER_UPDATED} for every other action (the
 * event types have no other work-order kinds). Python has no {@code to_dict()} for it; the map
 * form uses the field names, in field order (D15: lossless domain serialization).
 *
 * @param workOrderId required
 * @param action required
 * @param partNumber nullable
 * @param quantity nullable
 * @param status free text, nullable
 * @param timestamp default now (UTC)
 * @param customData never null, a frozen map of payload values
 */
public record WorkOrderEvent(String workOrderId, Action action, String partNumber, Integer quantity,
        String status, OffsetDateTime timestamp, Map<String, Object> customData) implements DomainEvent {

    /** What happened to the work order. Python types it as a string literal; the map form holds {@link #value()}. */
    public enum Action {
        CREATED("created"),
        UPDATED("updated"),
        STARTED("started"),
        COMPLETED("completed"),
        CANCELLED("cancelled");

        private final String value;

        Action(String value) {
            this.value = value;
        }

        /** The Python value, e.g. {@code "created"}. */
        public String value() {
            return value;
        }

        /**
         * The constant whose Python value is exactly {@code value} (case-sensitive).
         *
         * @throws IllegalArgumentException for {@code null} or an unknown value, listing the allowed ones
         */
        public static Action fromValue(String value) {
            for (Action constant : values()) {
                if (constant.value.equals(value)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(DomainValues.unknownValue("WorkOrderEvent.Action", value,
                    Arrays.stream(values()).map(Action::value).toList()));
        }
    }

    /**
     * @throws NullPointerException for a null {@code workOrderId} or {@code action}
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public WorkOrderEvent {
        Objects.requireNonNull(workOrderId, "workOrderId");
        Objects.requireNonNull(action, "action");
        timestamp = DomainValues.microsOrNow(timestamp);
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String workOrderId, Action action) {
        return new Builder(workOrderId, action);
    }

    @Override
    public EventType eventType() {
        return action == Action.CREATED ? EventType.WORK_ORDER_CREATED : EventType.WORK_ORDER_UPDATED;
    }

    /** Keys: work_order_id, action, part_number, quantity, status, timestamp, custom_data. */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("work_order_id", workOrderId);
        map.put("action", action.value());
        map.put("part_number", partNumber);
        map.put("quantity", DomainValues.toLong(quantity));
        map.put("status", status);
        map.put("timestamp", DomainValues.format(timestamp));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static WorkOrderEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "WorkOrderEvent");
        return new WorkOrderEvent(
                fields.requiredString("work_order_id"),
                fields.requiredEnum("action", Action.class, Action::fromValue),
                fields.string("part_number"),
                fields.integer("quantity"),
                fields.string("status"),
                fields.time("timestamp"),
                fields.map("custom_data"));
    }

    /** Builds the event; unset properties take the Python defaults. */
    public static final class Builder {
        private final String workOrderId;
        private final Action action;
        private String partNumber;
        private Integer quantity;
        private String status;
        private OffsetDateTime timestamp;
        private Map<String, ?> customData;

        private Builder(String workOrderId, Action action) {
            this.workOrderId = Objects.requireNonNull(workOrderId, "workOrderId");
            this.action = Objects.requireNonNull(action, "action");
        }

        public Builder partNumber(String partNumber) {
            this.partNumber = partNumber;
            return this;
        }

        public Builder quantity(Integer quantity) {
            this.quantity = quantity;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        /** The time of the notification; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder timestamp(OffsetDateTime timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public WorkOrderEvent build() {
            return new WorkOrderEvent(workOrderId, action, partNumber, quantity, status, timestamp,
                    (Map<String, Object>) customData);
        }
    }
}
