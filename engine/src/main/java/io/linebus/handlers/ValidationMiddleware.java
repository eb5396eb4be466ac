package io.linebus.handlers;

import io.linebus.models.Event;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the chain for events that fail a validation predicate.
 *
 * <p>Deviation from Python (D24: no invalid event dropped silently): Python returns {@code None}
 * without calling the rest of the chain, which the caller cannot tell from a legitimate
 * {@code null} result, so the event is silently dropped. Here an invalid event raises a
 * {@link ValidationException} naming the event id (and the rule's description, when given); a bus
 * running the chain through a {@link ChainHandler} then dead-letters the event with that reason.
 * Exceptions thrown by the validator itself propagate unchanged.
 */
public final class ValidationMiddleware extends ChainMiddleware {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationMiddleware.class);

    private final Predicate<Event> validator;
    private final String description;

    /** A middleware that lets through only events for which {@code validator} is true. */
    public ValidationMiddleware(Predicate<Event> validator) {
        this(validator, null);
    }

    /**
     * @param description what the validator checks, for the exception message (nullable)
     */
    public ValidationMiddleware(Predicate<Event> validator, String description) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.description = description;
    }

    public Predicate<Event> validator() {
        return validator;
    }

    /**
     * Passes valid events on.
     *
     * @throws ValidationException when {@code validator} is false for the event
     */
    @Override
    public Object process(Event event, NextHandler next) throws Exception {
        if (!validator.test(event)) {
            LOG.warn("Event validation failed: {}", event.id());
            String message = "Event " + event.id() + " failed validation"
                    + (description == null || description.isEmpty() ? "" : ": " + description);
            throw new ValidationException(event.id(), message);
        }
        return next.handle(event);
    }
}
