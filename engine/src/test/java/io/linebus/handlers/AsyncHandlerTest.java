package io.linebus.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AsyncHandlerTest {
    private static final Event EVENT = new Event(EventType.TEST_RESULT);

    private static AsyncHandler returning(Function<Event, CompletionStage<Object>> body) {
        return new AsyncHandler("async") {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public CompletionStage<Object> handleAsync(Event event) {
                return body.apply(event);
            }
        };
    }

    /** A Throwable that is neither an Exception nor an Error. */
    private static final class OddThrowable extends Throwable {
        private static final long serialVersionUID = 1L;

        OddThrowable() {
            super("odd");
        }
    }

    @Test
    void handleAsyncIsTheHandlersOwnStage() {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        AsyncHandler handler = returning(event -> pending);

        assertThat(handler.handleAsync(EVENT)).isSameAs(pending);
    }

    @Test
    void handleWaitsForAStageCompletedLaterOnAnotherThread() throws Exception {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        CountDownLatch called = new CountDownLatch(1);
        AsyncHandler handler = returning(event -> {
            called.countDown();
            return pending;
        });
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Object> result = caller.submit(() -> handler.handle(EVENT));
            assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();

            pending.complete("sent " + EVENT.id());

            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("sent " + EVENT.id());
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void handleRethrowsAFailedStagesExceptionUnwrapped() {
        IOException failure = new IOException("broker down");
        AsyncHandler handler = returning(event -> CompletableFuture.failedFuture(failure));

        assertThatThrownBy(() -> handler.handle(EVENT)).isSameAs(failure);
    }

    @Test
    void handleUnwrapsCompletionExceptionsOfDependentStages() {
        IllegalArgumentException failure = new IllegalArgumentException("bad payload");
        AsyncHandler handler = returning(event -> CompletableFuture.completedFuture((Object) "x")
                .thenApply(value -> {
                    throw failure;
                }));

        assertThatThrownBy(() -> handler.handle(EVENT)).isSameAs(failure);
    }

    @Test
    void handleRethrowsErrorsAsTheyAre() {
        AssertionError failure = new AssertionError("bug");
        AsyncHandler handler = returning(event -> CompletableFuture.failedFuture(failure));

        assertThatThrownBy(() -> handler.handle(EVENT)).isSameAs(failure);
    }

    @Test
    void handleWrapsOtherThrowablesInACompletionException() {
        OddThrowable failure = new OddThrowable();
        AsyncHandler handler = returning(event -> CompletableFuture.failedFuture(failure));

        assertThatThrownBy(() -> handler.handle(EVENT))
                .isInstanceOf(CompletionException.class).hasCause(failure);
    }

    @Test
    void handleRejectsANullStage() {
        AsyncHandler handler = returning(event -> null);

        assertThatThrownBy(() -> handler.handle(EVENT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("async");
    }

    @Test
    void syncHandlerHandleRunsHandleSync() throws Exception {
        SyncHandler handler = new SyncHandler("sync", 3, true) {
            @Override
            public List<EventType> eventTypes() {
                return List.of();
            }

            @Override
            public Object handleSync(Event event) {
                return event.eventType();
            }
        };

        assertThat(handler.handle(EVENT)).isEqualTo(EventType.TEST_RESULT);
        assertThat(handler.handleAsync(EVENT).toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isEqualTo(EventType.TEST_RESULT);
        assertThat(handler.priority()).isEqualTo(3);
    }
}
