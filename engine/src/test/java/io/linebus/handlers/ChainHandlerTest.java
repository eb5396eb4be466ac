package io.linebus.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChainHandlerTest {
    private static final Event TEST = new Event(EventType.TEST_RESULT, Map.of("serial", "SN-1"));

    /** A terminal with its own lifecycle hooks, so forwarding can be observed. */
    static final class Terminal extends FilteringHandler {
        final List<String> calls = new CopyOnWriteArrayList<>();

        Terminal() {
            super("terminal", 7, true);
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of(EventType.TEST_RESULT, EventType.TEST_STARTED);
        }

        @Override
        public Object handle(Event event) {
            calls.add("handle " + event.payload().get("serial"));
            return "stored";
        }

        @Override
        public void onStart() {
            calls.add("start");
        }

        @Override
        public void onStop() {
            calls.add("stop");
        }

        @Override
        public void onError(Event event, Throwable error) {
            calls.add("error " + error.getMessage());
        }
    }

    @Test
    void runsTheChainIntoTheTerminalHandler() throws Exception { // D24
        Terminal terminal = new Terminal();
        HandlerChain chain = new HandlerChain().add(new EnrichmentMiddleware(event ->
                Event.builder(event.eventType()).payload(Map.of("serial", "SN-2")).build()));
        ChainHandler handler = new ChainHandler("pipeline", chain, terminal);

        assertThat(handler.handle(TEST)).isEqualTo("stored");
        assertThat(terminal.calls).containsExactly("handle SN-2");
        assertThat(handler.chain()).isSameAs(chain);
    }

    @Test
    void takesTheTerminalsTypesPriorityAndName() {
        Terminal terminal = new Terminal();
        ChainHandler named = new ChainHandler("pipeline", new HandlerChain(), terminal);
        ChainHandler unnamed = new ChainHandler(null, new HandlerChain(), terminal);

        assertThat(named.name()).isEqualTo("pipeline");
        assertThat(unnamed.name()).isEqualTo("terminal");
        assertThat(named.priority()).isEqualTo(7);
        assertThat(named.eventTypes()).containsExactlyInAnyOrder(EventType.TEST_RESULT, EventType.TEST_STARTED);
    }

    @Test
    void canHandleAlsoAsksTheTerminal() {
        Terminal terminal = new Terminal();
        terminal.addFilter(event -> "SN-1".equals(event.payload().get("serial")));
        ChainHandler handler = new ChainHandler("pipeline", new HandlerChain(), terminal);

        assertThat(handler.canHandle(TEST)).isTrue();
        assertThat(handler.canHandle(new Event(EventType.TEST_RESULT, Map.of("serial", "SN-9")))).isFalse();
        assertThat(handler.canHandle(new Event(EventType.ASSET_FAULT))).isFalse();

        terminal.setEnabled(false);
        assertThat(handler.canHandle(TEST)).isFalse();
        terminal.setEnabled(true);
        handler.setEnabled(false);
        assertThat(handler.canHandle(TEST)).isFalse();
    }

    @Test
    void aValidationFailureIsTheHandlersFailure() { // D24: the bus dead-letters it with the reason
        Terminal terminal = new Terminal();
        ChainHandler handler = new ChainHandler("pipeline",
                new HandlerChain().add(new ValidationMiddleware(event -> false, "rejected")), terminal);

        assertThatThrownBy(() -> handler.handle(TEST))
                .isInstanceOf(ValidationException.class).hasMessageContaining(TEST.id());
        assertThat(handler.handleAsync(TEST).toCompletableFuture()).isCompletedExceptionally();
        assertThat(terminal.calls).isEmpty();
    }

    @Test
    void forwardsLifecycleHooksToTheTerminal() throws Exception {
        Terminal terminal = new Terminal();
        ChainHandler handler = new ChainHandler("pipeline", new HandlerChain(), terminal);

        handler.onStart();
        handler.onError(TEST, new IllegalStateException("boom"));
        handler.onStop();

        assertThat(terminal.calls).containsExactly("start", "error boom", "stop");
    }

    @Test
    void theChainIsUsedLive() throws Exception {
        Terminal terminal = new Terminal();
        HandlerChain chain = new HandlerChain();
        ChainHandler handler = new ChainHandler("pipeline", chain, terminal);

        chain.add(new ChainMiddleware() {
            @Override
            public Object process(Event event, NextHandler next) {
                return "short-circuited";
            }
        });

        assertThat(handler.handle(TEST)).isEqualTo("short-circuited");
        assertThat(terminal.calls).isEmpty();
    }

    @Test
    void runsTheChainIntoAFunction() throws Exception {
        List<Event> seen = new CopyOnWriteArrayList<>();
        ChainHandler handler = new ChainHandler("fn", 3, List.of(EventType.ASSET_FAULT),
                new HandlerChain().add(new LoggingMiddleware()), event -> seen.add(event));
        Event fault = new Event(EventType.ASSET_FAULT);

        assertThat(handler.priority()).isEqualTo(3);
        assertThat(handler.eventTypes()).containsExactly(EventType.ASSET_FAULT);
        assertThat(handler.canHandle(fault)).isTrue();
        assertThat(handler.canHandle(TEST)).isFalse();
        assertThat(handler.handleAsync(fault).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo(true);
        assertThat(seen).containsExactly(fault);
        assertThat(new ChainHandler(null, 1, List.of(), new HandlerChain(), event -> null).name())
                .isEqualTo("ChainHandler");
    }

    @Test
    void canBeRegisteredLikeAnyHandler() {
        HandlerRegistry registry = new HandlerRegistry();
        ChainHandler handler = new ChainHandler("pipeline", new HandlerChain(), new Terminal());

        registry.register(handler);

        assertThat(registry.getHandlersForEvent(TEST)).containsExactly(handler);
    }

    @Test
    void badInputIsRejected() {
        HandlerChain chain = new HandlerChain();
        NextHandler noTerminal = null;

        assertThatThrownBy(() -> new ChainHandler("x", chain, (BaseHandler) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("terminal");
        assertThatThrownBy(() -> new ChainHandler("x", null, new Terminal()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("chain");
        assertThatThrownBy(() -> new ChainHandler("x", 1, null, chain, event -> null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("types");
        assertThatThrownBy(() -> new ChainHandler("x", 1, java.util.Arrays.asList((EventType) null), chain,
                event -> null)).isInstanceOf(NullPointerException.class).hasMessageContaining("types");
        assertThatThrownBy(() -> new ChainHandler("x", 1, List.of(), null, event -> null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("chain");
        assertThatThrownBy(() -> new ChainHandler("x", 1, List.of(), chain, noTerminal))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("terminal");
    }
}
