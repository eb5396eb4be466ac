package io.linebus.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {
    private static final Event TEST = new Event(EventType.TEST_RESULT, Map.of("result", "passed"));

    private final HandlerRegistry registry = new HandlerRegistry();

    // Python: test_register_handler
    @Test
    void registeredHandlerIsReturnedForItsType() {
        TypedHandler handler = new TypedHandler("h", EventType.TEST_RESULT);

        assertThat(registry.register(handler)).isTrue();

        assertThat(registry.getHandlers(EventType.TEST_RESULT)).containsExactly(handler);
    }

    // Python: test_get_handlers_returns_empty_for_unknown_type
    @Test
    void unknownTypeGivesAnEmptyList() {
        assertThat(registry.getHandlers(EventType.CUSTOM)).isEmpty();
        assertThat(registry.handlersFor(EventType.CUSTOM)).isEmpty();
    }

    // Python: test_unregister_handler
    @Test
    void unregisteredHandlerIsNoLongerReturned() {
        TypedHandler handler = new TypedHandler("h", EventType.TEST_RESULT);
        registry.register(handler);

        assertThat(registry.unregister(handler)).isTrue();

        assertThat(registry.getHandlers(EventType.TEST_RESULT)).doesNotContain(handler);
        assertThat(registry.contains(handler)).isFalse();
        assertThat(registry.handlerCount()).isZero();
    }

    @Test
    void handlersAreOrderedByPriorityThenRegistrationOrder() {
        TypedHandler late = new TypedHandler("late", 200, EventType.TEST_RESULT);
        TypedHandler firstOfEqual = new TypedHandler("first", 50, EventType.TEST_RESULT);
        TypedHandler secondOfEqual = new TypedHandler("second", 50, EventType.TEST_RESULT);
        TypedHandler early = new TypedHandler("early", -1, EventType.TEST_RESULT);
        registry.register(late);
        registry.register(firstOfEqual);
        registry.register(secondOfEqual);
        registry.register(early);

        assertThat(registry.getHandlers(EventType.TEST_RESULT))
                .containsExactly(early, firstOfEqual, secondOfEqual, late);
        assertThat(registry.getAllHandlers()).containsExactly(early, firstOfEqual, secondOfEqual, late);
    }

    @Test
    void typedHandlersComeBeforeCatchAllOnEqualPriority() { // D16: the documented tie rule
        TypedHandler catchAllFirst = new TypedHandler("catch-all");
        TypedHandler typedLater = new TypedHandler("typed", EventType.TEST_RESULT);
        TypedHandler catchAllEarlier = new TypedHandler("catch-all-10", 10);
        registry.register(catchAllFirst);
        registry.register(typedLater);
        registry.register(catchAllEarlier);

        assertThat(registry.getHandlers(EventType.TEST_RESULT))
                .containsExactly(catchAllEarlier, typedLater, catchAllFirst);
        assertThat(registry.getHandlers(EventType.ASSET_FAULT)).containsExactly(catchAllEarlier, catchAllFirst);
        assertThat(registry.getAllHandlers()).containsExactly(catchAllEarlier, catchAllFirst, typedLater);
    }

    @Test
    void catchAllHandlerSeesEveryTypeButAddsNoEventType() {
        TypedHandler catchAll = new TypedHandler("all");
        registry.register(catchAll);

        assertThat(registry.getHandlers(EventType.TRANSPORT_CONNECTED)).containsExactly(catchAll);
        assertThat(registry.getEventTypes()).isEmpty();
    }

    @Test
    void registeringTheSameHandlerTwiceIsRefusedWithAWarning() {
        TypedHandler handler = new TypedHandler("twice", EventType.TEST_RESULT);
        registry.register(handler);
        long version = registry.version();

        try (LogCapture log = LogCapture.of(HandlerRegistry.class)) {
            assertThat(registry.register(handler)).isFalse();

            assertThat(log.messages(Level.WARN)).containsExactly("Handler twice already registered");
        }
        assertThat(registry.handlerCount()).isEqualTo(1);
        assertThat(registry.getHandlers(EventType.TEST_RESULT)).containsExactly(handler);
        assertThat(registry.version()).isEqualTo(version);
    }

    @Test
    void twoHandlersWithTheSameNameAreDistinct() {
        TypedHandler a = new TypedHandler("same", EventType.TEST_RESULT);
        TypedHandler b = new TypedHandler("same", EventType.TEST_RESULT);

        assertThat(registry.register(a)).isTrue();
        assertThat(registry.register(b)).isTrue();

        assertThat(registry.getHandlers(EventType.TEST_RESULT)).containsExactly(a, b);
    }

    @Test
    void aTypeListedTwiceIsIndexedOnce() { // D16
        TypedHandler handler = new TypedHandler("dup", EventType.TEST_RESULT, EventType.TEST_RESULT);
        registry.register(handler);

        assertThat(registry.getHandlers(EventType.TEST_RESULT)).containsExactly(handler);
        assertThat(registry.handlersFor(EventType.TEST_RESULT)).hasSize(1);
    }

    @Test
    void eventTypesHaveNoPhantomsAfterUnregister() { // D16
        TypedHandler tests = new TypedHandler("tests", EventType.TEST_RESULT, EventType.TEST_STARTED);
        TypedHandler faults = new TypedHandler("faults", EventType.ASSET_FAULT);
        registry.register(tests);
        registry.register(faults);
        assertThat(registry.getEventTypes())
                .containsExactlyInAnyOrder(EventType.TEST_RESULT, EventType.TEST_STARTED, EventType.ASSET_FAULT);

        registry.unregister(tests);

        assertThat(registry.getEventTypes()).containsExactly(EventType.ASSET_FAULT);
        assertThat(registry).hasToString("HandlerRegistry(handlers=1, event_types=1)");
    }

    @Test
    void unregisterUsesTheTypesSnapshotTakenAtRegistration() { // D16
        List<EventType> types = new ArrayList<>(List.of(EventType.TEST_RESULT));
        BaseHandler dynamic = new BaseHandler("dynamic") {
            @Override
            public List<EventType> eventTypes() {
                return types;
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        };
        registry.register(dynamic);
        types.set(0, EventType.ASSET_FAULT);

        assertThat(registry.getHandlersForEvent(TEST)).containsExactly(dynamic);
        assertThat(registry.unregister(dynamic)).isTrue();

        assertThat(registry.getHandlers(EventType.TEST_RESULT)).isEmpty();
        assertThat(registry.getHandlers(EventType.ASSET_FAULT)).isEmpty();
        assertThat(registry.getEventTypes()).isEmpty();
    }

    @Test
    void getHandlersForEventAppliesCanHandleAndKeepsOrder() {
        TypedHandler disabled = new TypedHandler("disabled", 1, EventType.TEST_RESULT);
        disabled.setEnabled(false);
        TypedHandler typed = new TypedHandler("typed", 2, EventType.TEST_RESULT);
        TypedHandler catchAll = new TypedHandler("all", 3);
        FilteringHandler picky = new FilteringHandler("picky", 0, true) {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        }.addFilter(event -> "failed".equals(event.payload().get("result")));
        registry.register(catchAll);
        registry.register(disabled);
        registry.register(typed);
        registry.register(picky);

        assertThat(registry.getHandlers(EventType.TEST_RESULT)).containsExactly(picky, disabled, typed, catchAll);
        assertThat(registry.getHandlersForEvent(TEST)).containsExactly(typed, catchAll);
        assertThat(registry.getHandlersForEvent(new Event(EventType.TEST_RESULT, Map.of("result", "failed"))))
                .containsExactly(picky, typed, catchAll);
    }

    @Test
    void getHandlersForEventPropagatesAFilterException() { // D5: the buses guard per handler instead
        IllegalStateException failure = new IllegalStateException("filter");
        FilteringHandler broken = new FilteringHandler("broken") {
            @Override
            public List<EventType> eventTypes() {
                return List.of();
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        }.addFilter(event -> {
            throw failure;
        });
        registry.register(broken);

        assertThatThrownBy(() -> registry.getHandlersForEvent(TEST)).isSameAs(failure);
    }

    @Test
    void returnedCollectionsAreUnmodifiableSnapshots() {
        TypedHandler first = new TypedHandler("first", EventType.TEST_RESULT);
        registry.register(first);
        List<BaseHandler> handlers = registry.getHandlers(EventType.TEST_RESULT);
        List<BaseHandler> all = registry.getAllHandlers();
        List<BaseHandler> forEvent = registry.getHandlersForEvent(TEST);

        registry.register(new TypedHandler("second", EventType.TEST_RESULT));

        assertThat(handlers).containsExactly(first);
        assertThat(all).containsExactly(first);
        assertThatThrownBy(() -> handlers.add(first)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> all.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> forEvent.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void getEventTypesIsAnIndependentEnumSetCopy() {
        registry.register(new TypedHandler("h", EventType.TEST_RESULT));
        Set<EventType> types = registry.getEventTypes();

        types.add(EventType.CUSTOM);

        assertThat(types).isInstanceOf(EnumSet.class);
        assertThat(registry.getEventTypes()).containsExactly(EventType.TEST_RESULT);
    }

    @Test
    void clearRemovesEverything() {
        TypedHandler handler = new TypedHandler("h", EventType.TEST_RESULT);
        registry.register(handler);
        registry.register(new TypedHandler("all"));

        registry.clear();

        assertThat(registry.handlerCount()).isZero();
        assertThat(registry.size()).isZero();
        assertThat(registry.contains(handler)).isFalse();
        assertThat(registry.getAllHandlers()).isEmpty();
        assertThat(registry.getEventTypes()).isEmpty();
        assertThat(registry.handlersFor(EventType.ASSET_FAULT)).isEmpty();
        assertThat(registry.register(handler)).isTrue();
    }

    @Test
    void countsAndMembershipAreByIdentity() {
        TypedHandler handler = new TypedHandler("h", EventType.TEST_RESULT);
        registry.register(handler);
        registry.register(new TypedHandler("other"));

        assertThat(registry.handlerCount()).isEqualTo(2);
        assertThat(registry.size()).isEqualTo(2);
        assertThat(registry.contains(handler)).isTrue();
        assertThat(registry.contains(new TypedHandler("h", EventType.TEST_RESULT))).isFalse();
        assertThat(registry.unregister(new TypedHandler("h", EventType.TEST_RESULT))).isFalse();
        assertThat(registry).hasToString("HandlerRegistry(handlers=2, event_types=1)");
    }

    @Test
    void handlersForReturnsTheSharedArrayUntilTheNextChange() {
        TypedHandler typed = new TypedHandler("typed", 5, EventType.TEST_RESULT);
        TypedHandler catchAll = new TypedHandler("all", 1);
        registry.register(typed);
        registry.register(catchAll);

        BaseHandler[] first = registry.handlersFor(EventType.TEST_RESULT);
        assertThat(first).containsExactly(catchAll, typed);
        assertThat(registry.handlersFor(EventType.TEST_RESULT)).isSameAs(first);
        assertThat(registry.getHandlers(EventType.TEST_RESULT)).containsExactly(first);

        registry.unregister(catchAll);

        assertThat(registry.handlersFor(EventType.TEST_RESULT)).isNotSameAs(first).containsExactly(typed);
        assertThat(first).containsExactly(catchAll, typed);
    }

    @Test
    void versionGrowsWithEveryChange() {
        TypedHandler handler = new TypedHandler("h", EventType.TEST_RESULT);
        long start = registry.version();

        registry.register(handler);
        assertThat(registry.version()).isEqualTo(start + 1);
        registry.unregister(handler);
        assertThat(registry.version()).isEqualTo(start + 2);
        assertThat(registry.unregister(handler)).isFalse();
        assertThat(registry.version()).isEqualTo(start + 2);
        registry.clear();
        assertThat(registry.version()).isEqualTo(start + 3);
    }

    @Test
    void badInputIsRejected() {
        BaseHandler nullTypes = new BaseHandler("null-types") {
            @Override
            public List<EventType> eventTypes() {
                return null;
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        };

        assertThatThrownBy(() -> registry.register(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> registry.unregister(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> registry.contains(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> registry.getHandlers(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("eventType");
        assertThatThrownBy(() -> registry.handlersFor(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("eventType");
        assertThatThrownBy(() -> registry.getHandlersForEvent(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> registry.register(nullTypes))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("null-types");
        assertThat(registry.handlerCount()).isZero();
    }

    @Test
    void concurrentChangesKeepEverySnapshotConsistent() throws Exception {
        int writers = 4;
        int readers = 2;
        int handlersPerWriter = 12;
        int rounds = 150;
        List<List<TypedHandler>> owned = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<TypedHandler> mine = new ArrayList<>();
            for (int i = 0; i < handlersPerWriter; i++) {
                // Every third handler is a catch-all; priorities collide on purpose.
                mine.add(i % 3 == 0
                        ? new TypedHandler("w" + w + "-all-" + i, i % 5)
                        : new TypedHandler("w" + w + "-" + i, i % 5, EventType.TEST_RESULT, EventType.ASSET_FAULT));
            }
            owned.add(mine);
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();

        for (int w = 0; w < writers; w++) {
            List<TypedHandler> mine = owned.get(w);
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    for (int round = 0; round < rounds; round++) {
                        for (TypedHandler handler : mine) {
                            assertThat(registry.register(handler)).isTrue();
                        }
                        for (TypedHandler handler : mine) {
                            assertThat(registry.unregister(handler)).isTrue();
                        }
                    }
                    // Leave the even-numbered handlers registered.
                    for (int i = 0; i < mine.size(); i += 2) {
                        registry.register(mine.get(i));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "registry-writer-" + w));
        }
        for (int r = 0; r < readers; r++) {
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    long lastVersion = -1;
                    do {
                        long version = registry.version();
                        assertThat(version).isGreaterThanOrEqualTo(lastVersion);
                        lastVersion = version;
                        assertConsistent(registry.handlersFor(EventType.TEST_RESULT), EventType.TEST_RESULT);
                        assertConsistent(registry.handlersFor(EventType.CUSTOM), EventType.CUSTOM);
                    } while (writing.get());
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "registry-reader-" + r));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread thread : threads.subList(0, writers)) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        writing.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }

        assertThat(failures).isEmpty();
        List<TypedHandler> expected = new ArrayList<>();
        for (List<TypedHandler> mine : owned) {
            for (int i = 0; i < mine.size(); i += 2) {
                expected.add(mine.get(i));
            }
        }
        assertThat(registry.handlerCount()).isEqualTo(expected.size());
        assertThat(registry.getAllHandlers()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(registry.version()).isEqualTo((long) writers * (rounds * handlersPerWriter * 2 + handlersPerWriter / 2));
        assertThat(registry.getEventTypes()).containsExactlyInAnyOrder(EventType.TEST_RESULT, EventType.ASSET_FAULT);
        assertConsistent(registry.handlersFor(EventType.TEST_RESULT), EventType.TEST_RESULT);
        assertThat(registry.handlersFor(EventType.TEST_RESULT)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(registry.handlersFor(EventType.CUSTOM))
                .containsExactlyInAnyOrderElementsOf(expected.stream().filter(h -> h.eventTypes().isEmpty()).toList());
    }

    /** Sorted by priority, typed before catch-all on ties, no duplicates, only handlers for the type. */
    private static void assertConsistent(BaseHandler[] handlers, EventType type) {
        Set<BaseHandler> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < handlers.length; i++) {
            BaseHandler handler = handlers[i];
            assertThat(seen.add(handler)).as("duplicate %s", handler).isTrue();
            Set<EventType> types = handler.eventTypeSnapshot();
            assertThat(types.isEmpty() || types.contains(type)).as("%s for %s", handler, type).isTrue();
            if (i > 0) {
                BaseHandler previous = handlers[i - 1];
                assertThat(previous.priority()).isLessThanOrEqualTo(handler.priority());
                if (previous.priority() == handler.priority() && previous.eventTypeSnapshot().isEmpty()) {
                    assertThat(types).as("typed after catch-all at %d", i).isEmpty();
                }
            }
        }
    }
}
