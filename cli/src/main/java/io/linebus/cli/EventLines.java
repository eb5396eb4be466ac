package io.linebus.cli;

import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.IsoTimes;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One event as one line of text: {@code <index> <timestamp> <type> <source> key=value ...} with the
 * payload fields an operator scans for (unit, asset, station, result, fault, state), or its JSON
 * (the Python {@code Event.to_dict()} form, one object per line).
 */
final class EventLines {
    private static final List<String> KEY_FIELDS = List.of("unit_id", "asset_id", "station_id", "result",
            "fault_code", "severity", "cleared", "new_state", "work_order_id");

    private EventLines() {
    }

    static String text(long index, Event event) {
        StringBuilder line = new StringBuilder(160);
        line.append(index).append("  ");
        IsoTimes.appendTo(line, event.timestamp());
        line.append("  ").append(String.format(Locale.ROOT, "%-27s", event.eventType().value()));
        line.append("  ").append(event.source());
        Map<String, Object> payload = event.payload();
        for (String field : KEY_FIELDS) {
            Object value = payload.get(field);
            if (value != null && !(value instanceof Map) && !(value instanceof List)) {
                line.append("  ").append(field).append('=').append(value);
            }
        }
        return line.toString();
    }

    static String json(Event event) {
        return EventJson.toJson(event);
    }
}
