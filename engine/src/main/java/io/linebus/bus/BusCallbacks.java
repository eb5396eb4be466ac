package io.linebus.bus;

import io.linebus.models.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code onEvent} and {@code onError} callbacks of a bus. Kept as array snapshots so that
 * notifying allocates nothing; every callback is guarded, so one that throws cannot break dispatch
 * (D5: what user code throws beside a handler is contained) or keep later callbacks from running.
 */
final class BusCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(BusCallbacks.class);

    private final List<Consumer<Event>> eventList = new ArrayList<>();
    private final List<BiConsumer<Event, Throwable>> errorList = new ArrayList<>();
    private volatile Consumer<?>[] eventCallbacks = new Consumer<?>[0];
    private volatile BiConsumer<?, ?>[] errorCallbacks = new BiConsumer<?, ?>[0];

    synchronized void addEventCallback(Consumer<Event> callback) {
        eventList.add(Objects.requireNonNull(callback, "callback"));
        eventCallbacks = eventList.toArray(new Consumer<?>[0]);
    }

    synchronized void addErrorCallback(BiConsumer<Event, Throwable> callback) {
        errorList.add(Objects.requireNonNull(callback, "callback"));
        errorCallbacks = errorList.toArray(new BiConsumer<?, ?>[0]);
    }

    @SuppressWarnings("unchecked")
    void notifyEvent(Event event) {
        for (Consumer<?> callback : eventCallbacks) {
            try {
                ((Consumer<Event>) callback).accept(event);
            } catch (Throwable error) {
                Failures.rethrowIfFatal(error);
                LOG.warn("Event callback error for event {}", event.id(), error);
            }
        }
    }

    @SuppressWarnings("unchecked")
    void notifyError(Event event, Throwable failure) {
        for (BiConsumer<?, ?> callback : errorCallbacks) {
            try {
                ((BiConsumer<Event, Throwable>) callback).accept(event, failure);
            } catch (Throwable error) {
                Failures.rethrowIfFatal(error);
                LOG.warn("Error callback error for event {}", event.id(), error);
            }
        }
    }
}
