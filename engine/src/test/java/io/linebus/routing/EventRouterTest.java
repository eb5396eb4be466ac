package io.linebus.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.linebus.handlers.BaseHandler;
import io.linebus.handlers.LogCapture;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class EventRouterTest {
    private static final Event TEST = Event.create(EventType.TEST_RESULT, Map.of("result", "failed"), "station-1");
    private static final Event FAULT = Event.create(EventType.ASSET_FAULT, Map.of(), "line-a");
    private static final Event OTHER = new Event(EventType.CUSTOM);

    private static BaseHandler handler(String name) {
        return BaseHandler.of(name, List.of(), event -> { });
    }

    private static Predicate<Event> throwing() {
        return event -> {
            throw new IllegalStateException("predicate broke");
        };
    }

    private final BaseHandler tests = handler("tests");
    private final BaseHandler failures = handler("failures");
    private final BaseHandler faults = handler("faults");
    private final BaseHandler fallback = handler("fallback");

    @Test
    void routingRuleDefaultsAndToString() {
        RoutingRule rule = new RoutingRule("tests", RoutingPredicates.byType(EventType.TEST_RESULT));

        assertThat(rule.priority()).isEqualTo(RoutingRule.DEFAULT_PRIORITY).isEqualTo(100);
        assertThat(rule.matches(TEST)).isTrue();
        assertThat(rule.matches(FAULT)).isFalse();
        assertThat(rule).hasToString("RoutingRule(name=tests, priority=100)");
        assertThat(new RoutingRule("x", event -> true, 5).priority()).isEqualTo(5);
    }

    @Test
    void aThrowingRulePredicateDoesNotMatchAndIsLogged() {
        RoutingRule rule = new RoutingRule("broken", throwing());

        try (LogCapture log = LogCapture.of(RoutingRule.class)) {
            assertThat(rule.matches(TEST)).isFalse();

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Rule broken predicate error").contains("predicate broke");
        }
    }

    @Test
    void routingRuleRejectsNulls() {
        assertThatThrownBy(() -> new RoutingRule(null, event -> true))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> new RoutingRule("x", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("predicate");
        assertThatThrownBy(() -> new RoutingRule("x", event -> true).matches(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
    }

    @Test
    void firstMatchingRuleByPriorityWins() {
        EventRouter router = new EventRouter()
                .addRule(new RoutingRule("tests", RoutingPredicates.byType(EventType.TEST_RESULT), 50), tests)
                .addRule(new RoutingRule("failures", RoutingPredicates.byPayload("result", "failed"), 10), failures)
                .addRule(new RoutingRule("faults", RoutingPredicates.byType(EventType.ASSET_FAULT)), faults);

        assertThat(router.route(TEST)).containsSame(failures);
        assertThat(router.route(Event.create(EventType.TEST_RESULT, Map.of("result", "passed")))).containsSame(tests);
        assertThat(router.route(FAULT)).containsSame(faults);
        assertThat(router.route(OTHER)).isEmpty();
        assertThat(router.ruleCount()).isEqualTo(3);
        assertThat(router).hasToString("EventRouter(rules=3)");
    }

    @Test
    void equalPrioritiesKeepInsertionOrder() {
        EventRouter router = new EventRouter()
                .addRule(new RoutingRule("first", event -> true, 5), tests)
                .addRule(new RoutingRule("second", event -> true, 5), failures)
                .addRule(new RoutingRule("earlier", RoutingPredicates.bySource("line-a"), 1), faults);

        assertThat(router.route(TEST)).containsSame(tests);
        assertThat(router.getAllHandlers(TEST)).containsExactly(tests, failures);
        assertThat(router.getAllHandlers(FAULT)).containsExactly(faults, tests, failures);
    }

    @Test
    void theDefaultHandlerTakesWhatNoRuleMatches() {
        EventRouter router = new EventRouter()
                .addRule(new RoutingRule("tests", RoutingPredicates.byType(EventType.TEST_RESULT)), tests)
                .setDefaultHandler(fallback);

        assertThat(router.route(TEST)).containsSame(tests);
        assertThat(router.route(OTHER)).containsSame(fallback);

        router.setDefaultHandler(null);
        assertThat(router.route(OTHER)).isEmpty();
    }

    @Test
    void getAllHandlersListsEveryMatchButNeverTheDefault() {
        EventRouter router = new EventRouter()
                .addRule(new RoutingRule("tests", RoutingPredicates.byType(EventType.TEST_RESULT)), tests)
                .addRule(new RoutingRule("station", RoutingPredicates.bySource("station-1")), tests)
                .addRule(new RoutingRule("faults", RoutingPredicates.byType(EventType.ASSET_FAULT)), faults)
                .setDefaultHandler(fallback);

        assertThat(router.getAllHandlers(TEST)).containsExactly(tests, tests);
        assertThat(router.getAllHandlers(OTHER)).isEmpty();
        assertThatThrownBy(() -> router.getAllHandlers(TEST).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aThrowingRuleIsSkipped() {
        EventRouter router = new EventRouter()
                .addRule(new RoutingRule("broken", throwing(), 1), failures)
                .addRule(new RoutingRule("tests", RoutingPredicates.byType(EventType.TEST_RESULT)), tests);

        assertThat(router.route(TEST)).containsSame(tests);
        assertThat(router.getAllHandlers(TEST)).containsExactly(tests);
    }

    @Test
    void clearRemovesRulesAndTheDefaultHandler() {
        EventRouter router = new EventRouter()
                .addRule(new RoutingRule("all", event -> true), tests)
                .setDefaultHandler(fallback);

        router.clear();

        assertThat(router.ruleCount()).isZero();
        assertThat(router.route(TEST)).isEmpty();
        assertThat(router.route(OTHER)).isEmpty();
    }

    @Test
    void eventFiltersServeAsRulePredicates() {
        EventRouter router = new EventRouter().addRule(new RoutingRule("critical-faults",
                new EventFilter().byType(EventType.ASSET_FAULT).payloadEquals("severity", "critical")), faults);

        assertThat(router.route(Event.create(EventType.ASSET_FAULT, Map.of("severity", "critical"))))
                .containsSame(faults);
        assertThat(router.route(FAULT)).isEmpty();
    }

    @Test
    void routingPredicatesCoverTypeSourceAndPayload() {
        assertThat(RoutingPredicates.byType(EventType.ASSET_FAULT, EventType.CUSTOM).test(OTHER)).isTrue();
        assertThat(RoutingPredicates.byType(EventType.ASSET_FAULT).test(TEST)).isFalse();
        assertThat(RoutingPredicates.bySource("station-1").test(TEST)).isTrue();
        assertThat(RoutingPredicates.bySource("station-1").test(FAULT)).isFalse();
        assertThat(RoutingPredicates.byPayload("result", "failed").test(TEST)).isTrue();
        assertThat(RoutingPredicates.byPayload("result", null).test(FAULT)).isTrue();
        assertThat(RoutingPredicates.byPayloadExists("result").test(TEST)).isTrue();
        assertThat(RoutingPredicates.byPayloadExists("result").test(FAULT)).isFalse();
        assertThatThrownBy(RoutingPredicates::byType).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(RoutingPredicates::bySource).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badInputIsRejected() {
        EventRouter router = new EventRouter();
        RoutingRule rule = new RoutingRule("r", event -> true);

        assertThatThrownBy(() -> router.addRule(null, tests))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("rule");
        assertThatThrownBy(() -> router.addRule(rule, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> router.route(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> router.getAllHandlers(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThat(router.ruleCount()).isZero();
    }
}
