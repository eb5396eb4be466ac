package io.linebus.policies;

import io.linebus.models.Event;

/**
 * Where {@link DeadLetterQueue#requeue(Redelivery)} hands dead letters back: typically a bus's
 * {@code publishTo}, which delivers the event to the one handler that failed it (or to every
 * handler when the name is null), so that handlers that succeeded do not see it twice.
 */
@FunctionalInterface
public interface Redelivery {
    /**
     * @param handlerName the handler the event failed in, or null for every handler
     * @throws Exception when the event could not be taken; it then stays dead-lettered
     */
    void redeliver(String handlerName, Event event) throws Exception;
}
