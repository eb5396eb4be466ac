package io.linebus.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.linebus.handlers.LogCapture;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventFilterTest {
    private static final Event TEST = Event.create(EventType.TEST_RESULT, Map.of("result", "passed", "count", 3),
            "station-1");
    private static final Event FAULT = Event.create(EventType.ASSET_FAULT, Map.of("severity", "critical"),
            "line-a");

    private static Event withPayload(String key, Object value) {
        Map<String, Object> payload = new HashMap<>();
        payload.put(key, value);
        return new Event(EventType.CUSTOM, payload);
    }

    @Test
    void emptyFilterMatchesEverything() {
        EventFilter filter = new EventFilter();

        assertThat(filter.matches(TEST)).isTrue();
        assertThat(filter.matches(FAULT)).isTrue();
        assertThat(filter.conditionCount()).isZero();
        assertThat(filter).hasToString("EventFilter(conditions=0)");
    }

    @Test
    void byTypeMatchesTheGivenTypes() {
        EventFilter filter = new EventFilter().byType(EventType.TEST_RESULT, EventType.TEST_STARTED);

        assertThat(filter.matches(TEST)).isTrue();
        assertThat(filter.matches(new Event(EventType.TEST_STARTED))).isTrue();
        assertThat(filter.matches(FAULT)).isFalse();
    }

    @Test
    void byTypeWithoutTypesIsRejected() { // D23
        assertThatThrownBy(() -> new EventFilter().byType())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one event type");
        assertThatThrownBy(() -> new EventFilter().byType(EventType.CUSTOM, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("types");
        assertThatThrownBy(() -> new EventFilter().byType((EventType[]) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("types");
    }

    @Test
    void excludeTypeMatchesTheOtherTypes() {
        EventFilter filter = new EventFilter().excludeType(EventType.ASSET_FAULT);

        assertThat(filter.matches(TEST)).isTrue();
        assertThat(filter.matches(FAULT)).isFalse();
        assertThat(new EventFilter().excludeType().matches(FAULT)).isTrue();
    }

    @Test
    void bySourceAndExcludeSource() {
        EventFilter lineA = new EventFilter().bySource("line-a", "line-b");
        EventFilter notLineA = new EventFilter().excludeSource("line-a");

        assertThat(lineA.matches(FAULT)).isTrue();
        assertThat(lineA.matches(TEST)).isFalse();
        assertThat(notLineA.matches(FAULT)).isFalse();
        assertThat(notLineA.matches(TEST)).isTrue();
        assertThat(new EventFilter().excludeSource().matches(FAULT)).isTrue();
    }

    @Test
    void bySourceWithoutSourcesOrWithNullIsRejected() {
        assertThatThrownBy(() -> new EventFilter().bySource())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one source");
        assertThatThrownBy(() -> new EventFilter().bySource("a", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sources");
        assertThatThrownBy(() -> new EventFilter().excludeSource((String) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sources");
    }

    @Test
    void whereAppliesACustomPredicate() {
        EventFilter filter = new EventFilter().where(event -> event.payload().size() == 2);

        assertThat(filter.matches(TEST)).isTrue();
        assertThat(filter.matches(FAULT)).isFalse();
        assertThatThrownBy(() -> new EventFilter().where(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("predicate");
    }

    @Test
    void hasPayloadKeyAcceptsANullValue() {
        EventFilter filter = new EventFilter().hasPayloadKey("operator");

        assertThat(filter.matches(withPayload("operator", null))).isTrue();
        assertThat(filter.matches(TEST)).isFalse();
        assertThatThrownBy(() -> new EventFilter().hasPayloadKey(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("key");
    }

    @Test
    void payloadEqualsComparesValues() {
        EventFilter filter = new EventFilter().payloadEquals("result", "passed");

        assertThat(filter.matches(TEST)).isTrue();
        assertThat(filter.matches(new Event(EventType.TEST_RESULT, Map.of("result", "failed")))).isFalse();
        assertThat(filter.matches(FAULT)).isFalse();
    }

    @Test
    void payloadEqualsNullAlsoMatchesAMissingKey() {
        EventFilter filter = new EventFilter().payloadEquals("operator", null);

        assertThat(filter.matches(TEST)).isTrue();
        assertThat(filter.matches(withPayload("operator", null))).isTrue();
        assertThat(filter.matches(withPayload("operator", "ann"))).isFalse();
    }

    static Stream<Arguments> numericEquality() {
        return Stream.of(
                Arguments.of(1, 1.0, true),
                Arguments.of(1L, 1.0, true),
                Arguments.of(1.0, 1, true),
                Arguments.of(3, 3L, true),
                Arguments.of(2.5f, 2.5, true),
                Arguments.of(1, 1.5, false),
                Arguments.of(9_007_199_254_740_993L, 9_007_199_254_740_992.0, false),
                Arguments.of(Double.NaN, Double.NaN, false),
                Arguments.of(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, true),
                Arguments.of(true, 1, false),
                Arguments.of(1, true, false),
                Arguments.of(false, 0.0, false),
                Arguments.of("1", 1, false),
                Arguments.of(List.of(1, 2), List.of(1.0, 2L), true),
                Arguments.of(List.of(1, 2), List.of(2, 1), false),
                Arguments.of(Map.of("a", 1), Map.of("a", 1.0), true),
                Arguments.of(Map.of("a", 1), Map.of("b", 1), false));
    }

    @ParameterizedTest(name = "payload {0} vs expected {1} -> {2}")
    @MethodSource("numericEquality")
    void payloadEqualsIsNumericAware(Object inPayload, Object expected, boolean equal) { // D23
        Event event = withPayload("v", inPayload);

        assertThat(new EventFilter().payloadEquals("v", expected).matches(event)).isEqualTo(equal);
        assertThat(new EventFilter().payloadIn("v", List.of(expected)).matches(event)).isEqualTo(equal);
        assertThat(RoutingPredicates.byPayload("v", expected).test(event)).isEqualTo(equal);
    }

    @Test
    void payloadInMatchesAnyOfTheValues() {
        EventFilter filter = new EventFilter().payloadIn("severity", Set.of("critical", "high"));

        assertThat(filter.matches(FAULT)).isTrue();
        assertThat(filter.matches(withPayload("severity", "low"))).isFalse();
        assertThat(new EventFilter().payloadIn("count", List.of(1.0, 3.0)).matches(TEST)).isTrue();
        assertThat(new EventFilter().payloadIn("missing", Arrays.asList("x", null)).matches(TEST)).isTrue();
        assertThat(new EventFilter().payloadIn("severity", List.of()).matches(FAULT)).isFalse();
    }

    @Test
    void payloadInCopiesItsValues() {
        List<Object> values = new ArrayList<>(List.of("critical"));
        EventFilter filter = new EventFilter().payloadIn("severity", values);

        values.clear();

        assertThat(filter.matches(FAULT)).isTrue();
    }

    @Test
    void payloadComparisonsRejectValuesNoPayloadCanHold() {
        assertThatThrownBy(() -> new EventFilter().payloadEquals("k", new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unsupported payload value");
        assertThatThrownBy(() -> new EventFilter().payloadIn("k", List.of("ok", new StringBuilder())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values[1]");
        assertThatThrownBy(() -> new EventFilter().payloadEquals(null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> new EventFilter().payloadIn("k", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("values");
    }

    @Test
    void everyBuilderReturnsANewFilterAndLeavesThisOneUnchanged() { // D23
        EventFilter base = new EventFilter().byType(EventType.ASSET_FAULT);
        List<EventFilter> derived = List.of(
                base.byType(EventType.TEST_RESULT),
                base.excludeType(EventType.ASSET_FAULT),
                base.bySource("elsewhere"),
                base.excludeSource("line-a"),
                base.where(event -> false),
                base.hasPayloadKey("missing"),
                base.payloadEquals("severity", "low"),
                base.payloadIn("severity", List.of("low")),
                base.and(new EventFilter().where(event -> false)),
                base.or(new EventFilter()),
                base.negate());

        for (EventFilter filter : derived) {
            assertThat(filter).isNotSameAs(base);
        }
        assertThat(derived.subList(0, 9)).allSatisfy(filter -> {
            assertThat(filter.conditionCount()).isEqualTo(2);
            assertThat(filter.matches(FAULT)).isFalse();
        });
        assertThat(base.conditionCount()).isEqualTo(1);
        assertThat(base.matches(FAULT)).isTrue();
        assertThat(base).hasToString("EventFilter(conditions=1)");
    }

    @Test
    void andCombinesBothConditionLists() {
        EventFilter faults = new EventFilter().byType(EventType.ASSET_FAULT);
        EventFilter critical = new EventFilter().payloadEquals("severity", "critical");

        EventFilter both = faults.and(critical);

        assertThat(both.conditionCount()).isEqualTo(2);
        assertThat(both.matches(FAULT)).isTrue();
        assertThat(both.matches(Event.create(EventType.ASSET_FAULT, Map.of("severity", "low")))).isFalse();
        assertThat(both.matches(TEST)).isFalse();
    }

    @Test
    void orAndNegateAreOneConditionEach() {
        EventFilter faults = new EventFilter().byType(EventType.ASSET_FAULT);
        EventFilter passed = new EventFilter().payloadEquals("result", "passed");

        EventFilter either = faults.or(passed);
        EventFilter notFaults = faults.negate();

        assertThat(either.conditionCount()).isEqualTo(1);
        assertThat(either.matches(FAULT)).isTrue();
        assertThat(either.matches(TEST)).isTrue();
        assertThat(either.matches(new Event(EventType.CUSTOM))).isFalse();
        assertThat(notFaults.conditionCount()).isEqualTo(1);
        assertThat(notFaults.matches(FAULT)).isFalse();
        assertThat(notFaults.matches(TEST)).isTrue();
    }

    @Test
    void compositionsAreUnaffectedByLaterBuilding() { // D23: one semantics for and, or and negate
        EventFilter a = new EventFilter().byType(EventType.ASSET_FAULT);
        EventFilter b = new EventFilter().bySource("station-1");
        EventFilter and = a.and(b);
        EventFilter or = a.or(b);
        EventFilter not = a.negate();

        EventFilter narrowedA = a.payloadEquals("severity", "low");

        assertThat(narrowedA.matches(FAULT)).isFalse();
        assertThat(or.matches(FAULT)).isTrue();
        assertThat(not.matches(FAULT)).isFalse();
        assertThat(and.conditionCount()).isEqualTo(2);
        assertThat(a.matches(FAULT)).isTrue();
    }

    @Test
    void aThrowingConditionMeansNoMatchWithAWarning() {
        EventFilter filter = new EventFilter().where(event -> {
            throw new IllegalStateException("lookup failed");
        });

        try (LogCapture log = LogCapture.of(EventFilter.class)) {
            assertThat(filter.matches(TEST)).isFalse();

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains(TEST.id()).contains("lookup failed");
            assertThat(log.events().get(0).getThrowableProxy()).isNotNull();
        }
    }

    @Test
    void aThrowingConditionIsNoMatchEvenUnderNegationOrDisjunction() {
        EventFilter broken = new EventFilter().where(event -> {
            throw new IllegalStateException("broken");
        });

        assertThat(broken.negate().matches(TEST)).isFalse();
        assertThat(broken.or(new EventFilter()).matches(TEST)).isFalse();
        assertThat(new EventFilter().or(broken).matches(TEST)).isTrue();
    }

    @Test
    void testIsMatchesAndTheFilterWorksAsAPredicate() {
        EventFilter faults = new EventFilter().byType(EventType.ASSET_FAULT);

        assertThat(faults.test(FAULT)).isTrue();
        assertThat(faults.test(TEST)).isFalse();
        assertThat(Stream.of(TEST, FAULT).filter(faults).toList()).containsExactly(FAULT);
        assertThatThrownBy(() -> faults.matches(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> faults.and(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("other");
        assertThatThrownBy(() -> faults.or(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("other");
    }
}
