package io.linebus.policies;

import io.linebus.models.Event;

/** The short event id used in log lines: the first eight characters, as Python logs it. */
final class ShortIds {
    private ShortIds() {
    }

    static String of(Event event) {
        String id = event.id();
        return id.substring(0, Math.min(8, id.length()));
    }
}
