package io.linebus.models;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The closed list of normalized event kinds, grouped by domain. Each constant carries the string
 * value used on the wire ({@code test.result}); {@link #toString()} returns that value.
 *
 * <p>{@link #fromString(String)} looks a type up by its wire value (case-sensitive), the lookup
 * used for serialization; {@code valueOf("TEST_RESULT")} still looks up by constant name.
 */
public enum EventType {
    TEST_RESULT("test.result"),
    TEST_STARTED("test.started"),
    INSPECTION_RESULT("inspection.result"),
    INSPECTION_STARTED("inspection.started"),
    ASSET_FAULT("asset.fault"),
    ASSET_MAINTENANCE("asset.maintenance"),
    ASSET_STATE_CHANGED("asset.state_changed"),
    ASSET_CALIBRATION("asset.calibration"),
    MATERIAL_INSTALLED("material.installed"),
    MATERIAL_CONSUMED("material.consumed"),
    MATERIAL_REJECTED("material.rejected"),
    WORK_STARTED("production.work_started"),
    WORK_COMPLETED("production.work_completed"),
    UNIT_ARRIVED("production.unit_arrived"),
    UNIT_DEPARTED("production.unit_departed"),
    UNIT_DISQUALIFIED("production.unit_disqualified"),
    WORK_ORDER_CREATED("production.work_order_created"),
    WORK_ORDER_UPDATED("production.work_order_updated"),
    TRANSPORT_CONNECTED("system.transport_connected"),
    TRANSPORT_DISCONNECTED("system.transport_disconnected"),
    TRANSPORT_ERROR("system.transport_error"),
    HANDLER_ERROR("system.handler_error"),
    EVENT_DEAD_LETTER("system.dead_letter"),
    CUSTOM("custom");

    private static final EventType[] VALUES = values();
    private static final Map<String, EventType> BY_VALUE = new HashMap<>();

    static {
        for (EventType type : VALUES) {
            BY_VALUE.put(type.value, type);
        }
    }

    private final String value;

    EventType(String value) {
        this.value = value;
    }

    /** The wire value, e.g. {@code material.installed}. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * The type whose wire value is exactly {@code value}.
     *
     * @throws IllegalArgumentException for {@code null} or an unknown value (constant names such
     *     as {@code TEST_RESULT} are not wire values)
     */
    public static EventType fromString(String value) {
        EventType type = value == null ? null : BY_VALUE.get(value);
        if (type == null) {
            throw new IllegalArgumentException("Unknown event type: " + value);
        }
        return type;
    }

    /** The type with wire value {@code value}, or {@code null} when there is none. */
    public static EventType lookup(String value) {
        return value == null ? null : BY_VALUE.get(value);
    }

    /** The type with this ordinal, without the array copy {@link #values()} makes. */
    public static EventType ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    public static List<EventType> testEvents() {
        return List.of(TEST_RESULT, TEST_STARTED, INSPECTION_RESULT, INSPECTION_STARTED);
    }

    public static List<EventType> assetEvents() {
        return List.of(ASSET_FAULT, ASSET_MAINTENANCE, ASSET_STATE_CHANGED, ASSET_CALIBRATION);
    }

    public static List<EventType> materialEvents() {
        return List.of(MATERIAL_INSTALLED, MATERIAL_CONSUMED, MATERIAL_REJECTED);
    }

    public static List<EventType> productionEvents() {
        return List.of(WORK_STARTED, WORK_COMPLETED, UNIT_ARRIVED, UNIT_DEPARTED, UNIT_DISQUALIFIED,
                WORK_ORDER_CREATED, WORK_ORDER_UPDATED);
    }

    public static List<EventType> systemEvents() {
        return List.of(TRANSPORT_CONNECTED, TRANSPORT_DISCONNECTED, TRANSPORT_ERROR, HANDLER_ERROR,
                EVENT_DEAD_LETTER);
    }
}
