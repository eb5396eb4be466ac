package io.linebus.handlers;

import io.linebus.models.Event;

/**
 * What a handler made with {@link BaseHandler#of(String, java.util.Collection, EventAction)} does
 * with each event: a consumer that may throw. An exception is that handler's failure, retried and
 * dead-lettered by the bus like any other.
 */
@FunctionalInterface
public interface EventAction {
    void accept(Event event) throws Exception;
}
