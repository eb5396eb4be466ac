package io.linebus.handlers;

import io.linebus.models.Event;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs each event entering the chain and whether the rest of the chain succeeded, on the logger
 * {@code io.linebus.handlers.LoggingMiddleware}: "Processing event: &lt;type&gt; (&lt;id8&gt;...)"
 * and "Event processed successfully: &lt;id8&gt;..." at the chosen level; a failure at error level
 * with the stack trace, then rethrown unchanged.
 */
public final class LoggingMiddleware extends ChainMiddleware {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingMiddleware.class);

    private final Level logLevel;

    /** Logs at {@link Level#DEBUG}. */
    public LoggingMiddleware() {
        this(Level.DEBUG);
    }

    public LoggingMiddleware(Level logLevel) {
        this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
    }

    public Level logLevel() {
        return logLevel;
    }

    @Override
    public Object process(Event event, NextHandler next) throws Exception {
        boolean enabled = LOG.isEnabledForLevel(logLevel);
        if (enabled) {
            LOG.atLevel(logLevel).log("Processing event: {} ({}...)", event.eventType().value(), shortId(event));
        }
        Object result;
        try {
            result = next.handle(event);
        } catch (Exception failure) {
            LOG.error("Event processing failed: {}... - {}", shortId(event), failure.toString(), failure);
            throw failure;
        }
        if (enabled) {
            LOG.atLevel(logLevel).log("Event processed successfully: {}...", shortId(event));
        }
        return result;
    }

    private static String shortId(Event event) {
        String id = event.id();
        return id.substring(0, Math.min(8, id.length()));
    }
}
