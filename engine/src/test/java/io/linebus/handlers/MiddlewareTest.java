package io.linebus.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MiddlewareTest {
    private static final Event EVENT = new Event(EventType.TEST_RESULT, Map.of("serial", "SN-1"));

    @Test
    void enrichmentPassesTheEnrichedEventOn() throws Exception {
        UnaryOperator<Event> enricher = event -> Event.builder(event.eventType())
                .payload(Map.of("serial", event.payload().get("serial"), "line", "A"))
                .correlationId(event.id())
                .build();
        EnrichmentMiddleware enrichment = new EnrichmentMiddleware(enricher);
        List<Event> seen = new CopyOnWriteArrayList<>();

        Object result = new HandlerChain().add(enrichment).execute(EVENT, event -> {
            seen.add(event);
            return "ok";
        });

        assertThat(enrichment.enricher()).isSameAs(enricher);
        assertThat(result).isEqualTo("ok");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).payload()).containsEntry("line", "A").containsEntry("serial", "SN-1");
        assertThat(seen.get(0).metadata().correlationId()).isEqualTo(EVENT.id());
    }

    @Test
    void enrichmentRejectsANullResult() {
        HandlerChain chain = new HandlerChain().add(new EnrichmentMiddleware(event -> null));

        assertThatThrownBy(() -> chain.execute(EVENT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(EVENT.id());
    }

    @Test
    void enrichmentFailuresPropagate() {
        IllegalArgumentException failure = new IllegalArgumentException("no station");
        HandlerChain chain = new HandlerChain().add(new EnrichmentMiddleware(event -> {
            throw failure;
        }));

        assertThatThrownBy(() -> chain.execute(EVENT)).isSameAs(failure);
        assertThatThrownBy(() -> new EnrichmentMiddleware(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("enricher");
    }

    @Test
    void validationPassesValidEventsOn() throws Exception {
        Predicate<Event> validator = event -> event.payload().containsKey("serial");
        ValidationMiddleware validation = new ValidationMiddleware(validator);

        assertThat(validation.validator()).isSameAs(validator);
        assertThat(new HandlerChain().add(validation).execute(EVENT, event -> "handled")).isEqualTo("handled");
    }

    @Test
    void validationFailureThrowsInsteadOfDroppingSilently() { // D24
        List<Event> reached = new CopyOnWriteArrayList<>();
        HandlerChain chain = new HandlerChain()
                .add(new ValidationMiddleware(event -> event.payload().containsKey("operator")));

        try (LogCapture log = LogCapture.of(ValidationMiddleware.class)) {
            assertThatThrownBy(() -> chain.execute(EVENT, reached::add))
                    .isInstanceOfSatisfying(ValidationException.class, failure -> {
                        assertThat(failure.eventId()).isEqualTo(EVENT.id());
                        assertThat(failure).hasMessage("Event " + EVENT.id() + " failed validation");
                    });
            assertThat(log.messages(Level.WARN)).containsExactly("Event validation failed: " + EVENT.id());
        }
        assertThat(reached).isEmpty();
    }

    @Test
    void validationMessageCarriesTheDescription() { // D24
        HandlerChain chain = new HandlerChain()
                .add(new ValidationMiddleware(event -> false, "payload needs an operator"));

        assertThatThrownBy(() -> chain.execute(EVENT))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Event " + EVENT.id() + " failed validation: payload needs an operator");
    }

    @Test
    void validatorExceptionsPropagate() {
        IllegalStateException failure = new IllegalStateException("validator broke");
        HandlerChain chain = new HandlerChain().add(new ValidationMiddleware(event -> {
            throw failure;
        }));

        assertThatThrownBy(() -> chain.execute(EVENT)).isSameAs(failure);
        assertThatThrownBy(() -> new ValidationMiddleware(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("validator");
        assertThatThrownBy(() -> new ValidationException(null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("eventId");
    }

    @Test
    void loggingLogsEntryAndSuccessAtDebugByDefault() throws Exception {
        LoggingMiddleware logging = new LoggingMiddleware();
        String id8 = EVENT.id().substring(0, 8);

        try (LogCapture log = LogCapture.of(LoggingMiddleware.class)) {
            Object result = new HandlerChain().add(logging).execute(EVENT, event -> "ok");

            assertThat(result).isEqualTo("ok");
            assertThat(log.messages(Level.DEBUG)).containsExactly(
                    "Processing event: test.result (" + id8 + "...)",
                    "Event processed successfully: " + id8 + "...");
        }
        assertThat(logging.logLevel()).isEqualTo(org.slf4j.event.Level.DEBUG);
    }

    @Test
    void loggingUsesTheChosenLevel() throws Exception {
        LoggingMiddleware logging = new LoggingMiddleware(org.slf4j.event.Level.INFO);

        try (LogCapture log = LogCapture.of(LoggingMiddleware.class)) {
            new HandlerChain().add(logging).execute(EVENT);

            assertThat(log.messages(Level.INFO)).hasSize(2);
            assertThat(log.messages(Level.DEBUG)).isEmpty();
        }
    }

    @Test
    void loggingWritesNothingWhenItsLevelIsOff() throws Exception {
        try (LogCapture log = LogCapture.atLevel(LoggingMiddleware.class, Level.INFO)) {
            new HandlerChain().add(new LoggingMiddleware()).execute(EVENT);

            assertThat(log.events()).isEmpty();
        }
    }

    @Test
    void loggingLogsAFailureAtErrorAndRethrowsIt() {
        IllegalStateException failure = new IllegalStateException("handler broke");
        HandlerChain chain = new HandlerChain().add(new LoggingMiddleware());

        try (LogCapture log = LogCapture.of(LoggingMiddleware.class)) {
            assertThatThrownBy(() -> chain.execute(EVENT, event -> {
                throw failure;
            })).isSameAs(failure);

            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                    .startsWith("Event processing failed: " + EVENT.id().substring(0, 8) + "...")
                    .contains("handler broke");
            assertThat(log.messages(Level.DEBUG)).hasSize(1);
            assertThat(log.events().get(log.events().size() - 1).getThrowableProxy()).isNotNull();
        }
        assertThatThrownBy(() -> new LoggingMiddleware(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("logLevel");
    }
}
