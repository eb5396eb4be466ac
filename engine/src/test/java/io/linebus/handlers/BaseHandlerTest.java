package io.linebus.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BaseHandlerTest {
    private static final Event TEST = new Event(EventType.TEST_RESULT, Map.of("passed", true));
    private static final Event FAULT = new Event(EventType.ASSET_FAULT);

    static final class NamedAfterClass extends BaseHandler {
        NamedAfterClass(String name) {
            super(name);
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of(EventType.TEST_RESULT);
        }

        @Override
        public Object handle(Event event) {
            return null;
        }
    }

    /** A handler whose result or failure the test chooses. */
    static final class ScriptedHandler extends BaseHandler {
        private final Object result;
        private final Throwable failure;

        ScriptedHandler(Object result, Throwable failure) {
            super("scripted");
            this.result = result;
            this.failure = failure;
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of();
        }

        @Override
        public Object handle(Event event) throws Exception {
            if (failure instanceof Exception exception) {
                throw exception;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return result;
        }
    }

    @Test
    void defaultsAreThoseOfPython() {
        TypedHandler handler = new TypedHandler("h", EventType.TEST_RESULT);

        assertThat(handler.name()).isEqualTo("h");
        assertThat(handler.priority()).isEqualTo(BaseHandler.DEFAULT_PRIORITY).isEqualTo(100);
        assertThat(handler.enabled()).isTrue();
    }

    @Test
    void nameFallsBackToTheSimpleClassName() {
        assertThat(new NamedAfterClass(null).name()).isEqualTo("NamedAfterClass");
        assertThat(new NamedAfterClass("").name()).isEqualTo("NamedAfterClass");
    }

    @Test
    void anonymousHandlerIsNamedAfterItsBinaryNameWithoutPackage() {
        BaseHandler anonymous = new BaseHandler() {
            @Override
            public List<EventType> eventTypes() {
                return List.of();
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        };

        String binary = anonymous.getClass().getName();
        assertThat(anonymous.name())
                .isEqualTo(binary.substring(binary.lastIndexOf('.') + 1))
                .startsWith("BaseHandlerTest$");
        assertThat(anonymous.toString()).startsWith(anonymous.name() + "(name=" + anonymous.name());
    }

    @Test
    void toStringListsClassNameTypeValuesAndEnabled() {
        TypedHandler handler = new TypedHandler("mes", EventType.TEST_RESULT, EventType.ASSET_FAULT);

        assertThat(handler).hasToString("TypedHandler(name=mes, types=[test.result, asset.fault], enabled=true)");
        handler.setEnabled(false);
        assertThat(handler).hasToString("TypedHandler(name=mes, types=[test.result, asset.fault], enabled=false)");
    }

    @Test
    void canHandleChecksTypeAndEnabledFlag() {
        TypedHandler handler = new TypedHandler("h", EventType.TEST_RESULT);

        assertThat(handler.canHandle(TEST)).isTrue();
        assertThat(handler.canHandle(FAULT)).isFalse();

        handler.setEnabled(false);
        assertThat(handler.enabled()).isFalse();
        assertThat(handler.canHandle(TEST)).isFalse();

        handler.setEnabled(true);
        assertThat(handler.canHandle(TEST)).isTrue();
    }

    @Test
    void emptyTypeListMeansEveryEventUnlessDisabled() {
        TypedHandler catchAll = new TypedHandler("all");

        for (EventType type : EventType.values()) {
            assertThat(catchAll.canHandle(new Event(type))).as(type.value()).isTrue();
        }
        catchAll.setEnabled(false);
        assertThat(catchAll.canHandle(TEST)).isFalse();
    }

    @Test
    void eventTypesAreReadOnceDeduplicated() { // D16
        List<EventType> types = new ArrayList<>(List.of(EventType.TEST_RESULT, EventType.TEST_RESULT));
        int[] reads = {0};
        BaseHandler handler = new BaseHandler("dynamic") {
            @Override
            public List<EventType> eventTypes() {
                reads[0]++;
                return types;
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        };

        assertThat(handler.eventTypeSnapshot()).containsExactly(EventType.TEST_RESULT);
        types.set(0, EventType.ASSET_FAULT);
        types.set(1, EventType.ASSET_FAULT);

        assertThat(handler.canHandle(TEST)).isTrue();
        assertThat(handler.canHandle(FAULT)).isFalse();
        assertThat(handler.eventTypeSnapshot()).containsExactly(EventType.TEST_RESULT);
        assertThat(reads[0]).isEqualTo(1);
        assertThatThrownBy(() -> handler.eventTypeSnapshot().add(EventType.CUSTOM))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullEventTypesAreRejectedWithTheHandlerName() {
        BaseHandler nullList = handlerWithTypes("broken", null);
        BaseHandler nullElement = handlerWithTypes("holey", java.util.Arrays.asList(EventType.TEST_RESULT, null));

        assertThatThrownBy(() -> nullList.canHandle(TEST))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken");
        assertThatThrownBy(() -> nullElement.canHandle(TEST))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holey");
        assertThat(nullList.toString()).contains("name=broken, types=invalid");
    }

    @Test
    void canHandleRejectsNullEvent() {
        assertThatThrownBy(() -> new TypedHandler("h").canHandle(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
    }

    @Test
    void handleAsyncAdapterCompletesWithTheResult() throws Exception {
        CompletionStage<Object> stage = new ScriptedHandler("done", null).handleAsync(TEST);

        assertThat(stage.toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo("done");
    }

    @Test
    void handleAsyncAdapterTurnsFailuresIntoAFailedStage() {
        IOException checked = new IOException("disk");
        AssertionError error = new AssertionError("bad");

        CompletableFuture<Object> failedChecked = new ScriptedHandler(null, checked).handleAsync(TEST).toCompletableFuture();
        CompletableFuture<Object> failedError = new ScriptedHandler(null, error).handleAsync(TEST).toCompletableFuture();

        assertThat(failedChecked).isCompletedExceptionally();
        assertThat(failureOf(failedChecked)).isSameAs(checked);
        assertThat(failureOf(failedError)).isSameAs(error);
    }

    @Test
    void handleAsyncAdapterLetsVirtualMachineErrorsThrough() {
        InternalError fatal = new InternalError("vm");

        assertThatThrownBy(() -> new ScriptedHandler(null, fatal).handleAsync(TEST)).isSameAs(fatal);
    }

    @Test
    void onErrorLogsAtErrorLevelWithTheStackTrace() {
        TypedHandler handler = new TypedHandler("logger-test", EventType.TEST_RESULT);
        IllegalStateException failure = new IllegalStateException("boom");

        try (LogCapture log = LogCapture.of(BaseHandler.class.getName() + ".logger-test")) {
            handler.onError(TEST, failure);

            assertThat(log.events()).hasSize(1);
            ILoggingEvent logged = log.events().get(0);
            assertThat(logged.getLevel()).isEqualTo(Level.ERROR);
            assertThat(logged.getFormattedMessage())
                    .contains("logger-test").contains(TEST.id()).contains("boom");
            assertThat(logged.getThrowableProxy().getMessage()).isEqualTo("boom");
        }
    }

    @Test
    void onErrorRejectsNulls() {
        TypedHandler handler = new TypedHandler("h");

        assertThatThrownBy(() -> handler.onError(null, new RuntimeException()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> handler.onError(TEST, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("error");
    }

    @Test
    void onStartAndOnStopLogAtDebugLevel() throws Exception {
        TypedHandler handler = new TypedHandler("lifecycle");

        try (LogCapture log = LogCapture.of(BaseHandler.class.getName() + ".lifecycle")) {
            handler.onStart();
            handler.onStop();

            assertThat(log.messages(Level.DEBUG))
                    .containsExactly("Handler lifecycle starting", "Handler lifecycle stopping");
        }
    }

    @Test
    void equalityIsIdentity() {
        TypedHandler a = new TypedHandler("same", EventType.TEST_RESULT);
        TypedHandler b = new TypedHandler("same", EventType.TEST_RESULT);

        assertThat(a).isNotEqualTo(b).isEqualTo(a);
    }

    @Test
    void ofBuildsAHandlerFromALambda() throws Exception {
        List<Event> seen = new CopyOnWriteArrayList<>();
        BaseHandler handler = BaseHandler.of("collector", List.of(EventType.TEST_RESULT), seen::add);

        assertThat(handler.name()).isEqualTo("collector");
        assertThat(handler.priority()).isEqualTo(BaseHandler.DEFAULT_PRIORITY);
        assertThat(handler.eventTypes()).containsExactly(EventType.TEST_RESULT);
        assertThat(handler.canHandle(TEST)).isTrue();
        assertThat(handler.canHandle(FAULT)).isFalse();
        assertThat(handler.handle(TEST)).isNull();
        assertThat(seen).containsExactly(TEST);
    }

    @Test
    void ofTakesAPriorityAndASetAndPropagatesFailures() {
        IOException failure = new IOException("down");
        BaseHandler handler = BaseHandler.of("failing", 5, java.util.Set.of(), event -> {
            throw failure;
        });

        assertThat(handler.priority()).isEqualTo(5);
        assertThat(handler.canHandle(FAULT)).isTrue();
        assertThatThrownBy(() -> handler.handle(TEST)).isSameAs(failure);
        assertThat(failureOf(handler.handleAsync(TEST).toCompletableFuture())).isSameAs(failure);
    }

    @Test
    void ofRejectsBadInput() {
        EventAction ignore = event -> { };

        assertThatThrownBy(() -> BaseHandler.of(null, List.of(), ignore))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> BaseHandler.of("  ", List.of(), ignore))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> BaseHandler.of("x", null, ignore))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("types");
        assertThatThrownBy(() -> BaseHandler.of("x", java.util.Arrays.asList(EventType.CUSTOM, null), ignore))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("types");
        assertThatThrownBy(() -> BaseHandler.of("x", List.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("action");
    }

    /** The failure a completed future holds, as its creator gave it (not wrapped). */
    private static Throwable failureOf(CompletableFuture<Object> future) {
        assertThat(future).isDone();
        return future.handle((value, failure) -> failure).join();
    }

    private static BaseHandler handlerWithTypes(String name, List<EventType> types) {
        return new BaseHandler(name) {
            @Override
            public List<EventType> eventTypes() {
                return types;
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        };
    }
}
