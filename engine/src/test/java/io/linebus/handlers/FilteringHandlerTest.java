package io.linebus.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.routing.EventFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FilteringHandlerTest {
    private static final Event PASSED = new Event(EventType.TEST_RESULT, Map.of("result", "passed"));
    private static final Event FAILED = new Event(EventType.TEST_RESULT, Map.of("result", "failed"));

    static final class ResultFilter extends FilteringHandler {
        ResultFilter() {
            super("results");
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

    @Test
    void withoutFiltersTheBaseRulesDecide() {
        ResultFilter handler = new ResultFilter();

        assertThat(handler.filterCount()).isZero();
        assertThat(handler.canHandle(PASSED)).isTrue();
        assertThat(handler.canHandle(new Event(EventType.ASSET_FAULT))).isFalse();
    }

    @Test
    void everyFilterMustPass() {
        ResultFilter handler = new ResultFilter();
        FilteringHandler same = handler
                .addFilter(event -> event.payload().containsKey("result"))
                .addFilter(event -> "failed".equals(event.payload().get("result")));

        assertThat(same).isSameAs(handler);
        assertThat(handler.filterCount()).isEqualTo(2);
        assertThat(handler.canHandle(FAILED)).isTrue();
        assertThat(handler.canHandle(PASSED)).isFalse();
    }

    @Test
    void filtersRunInInsertionOrderAndStopAtTheFirstFalse() {
        List<String> calls = new CopyOnWriteArrayList<>();
        ResultFilter handler = new ResultFilter();
        handler.addFilter(event -> {
            calls.add("first");
            return false;
        }).addFilter(event -> {
            calls.add("second");
            return true;
        });

        assertThat(handler.canHandle(PASSED)).isFalse();
        assertThat(calls).containsExactly("first");
    }

    @Test
    void filtersAreNotConsultedWhenTheBaseRulesRefuse() {
        List<Event> consulted = new CopyOnWriteArrayList<>();
        ResultFilter handler = new ResultFilter();
        handler.addFilter(event -> consulted.add(event));

        assertThat(handler.canHandle(new Event(EventType.ASSET_FAULT))).isFalse();
        handler.setEnabled(false);
        assertThat(handler.canHandle(PASSED)).isFalse();
        assertThat(consulted).isEmpty();
    }

    @Test
    void aFilterExceptionPropagatesOutOfCanHandle() { // D5: the buses guard canHandle per handler
        IllegalStateException failure = new IllegalStateException("filter broke");
        ResultFilter handler = new ResultFilter();
        handler.addFilter(event -> {
            throw failure;
        });

        assertThatThrownBy(() -> handler.canHandle(PASSED)).isSameAs(failure);
    }

    @Test
    void anEventFilterCanBeUsedDirectly() {
        ResultFilter handler = new ResultFilter();
        handler.addFilter(new EventFilter().payloadEquals("result", "passed"));

        assertThat(handler.canHandle(PASSED)).isTrue();
        assertThat(handler.canHandle(FAILED)).isFalse();
    }

    @Test
    void addFilterRejectsNull() {
        Predicate<Event> none = null;

        assertThatThrownBy(() -> new ResultFilter().addFilter(none))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("filter");
    }
}
