package io.linebus.models.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DomainEnumsTest {

    @Test
    void constantsCarryThePythonValuesInOrder() {
        assertThat(Arrays.stream(TestResult.values()).map(TestResult::value))
                .containsExactly("pass", "fail", "error", "skipped", "aborted");
        assertThat(Arrays.stream(SeverityLevel.values()).map(SeverityLevel::value))
                .containsExactly("info", "warning", "error", "critical");
        assertThat(Arrays.stream(AssetState.values()).map(AssetState::value))
                .containsExactly("online", "offline", "idle", "busy", "error", "maintenance");
        assertThat(Arrays.stream(WorkCompletedEvent.Result.values()).map(WorkCompletedEvent.Result::value))
                .containsExactly("completed", "failed", "aborted");
        assertThat(Arrays.stream(WorkOrderEvent.Action.values()).map(WorkOrderEvent.Action::value))
                .containsExactly("created", "updated", "started", "completed", "cancelled");
    }

    @Test
    void fromValueInvertsValue() {
        Arrays.stream(TestResult.values()).forEach(c -> assertThat(TestResult.fromValue(c.value())).isSameAs(c));
        Arrays.stream(SeverityLevel.values()).forEach(c -> assertThat(SeverityLevel.fromValue(c.value())).isSameAs(c));
        Arrays.stream(AssetState.values()).forEach(c -> assertThat(AssetState.fromValue(c.value())).isSameAs(c));
        Arrays.stream(WorkCompletedEvent.Result.values())
                .forEach(c -> assertThat(WorkCompletedEvent.Result.fromValue(c.value())).isSameAs(c));
        Arrays.stream(WorkOrderEvent.Action.values())
                .forEach(c -> assertThat(WorkOrderEvent.Action.fromValue(c.value())).isSameAs(c));
    }

    @Test
    void fromValueRejectsUnknownTextListingTheAllowedValues() {
        assertUnknown(TestResult::fromValue, "PASS", "Unknown TestResult value 'PASS'; allowed: pass, fail, error, "
                + "skipped, aborted");
        assertUnknown(SeverityLevel::fromValue, "fatal", "Unknown SeverityLevel value 'fatal'; allowed: info, "
                + "warning, error, critical");
        assertUnknown(AssetState::fromValue, "On", "Unknown AssetState value 'On'; allowed: online, offline, idle, "
                + "busy, error, maintenance");
        assertUnknown(WorkCompletedEvent.Result::fromValue, "done", "Unknown WorkCompletedEvent.Result value "
                + "'done'; allowed: completed, failed, aborted");
        assertUnknown(WorkOrderEvent.Action::fromValue, "deleted", "Unknown WorkOrderEvent.Action value "
                + "'deleted'; allowed: created, updated, started, completed, cancelled");
        assertUnknown(TestResult::fromValue, null, "Unknown TestResult value null; allowed: pass, fail, error, "
                + "skipped, aborted");
    }

    private static void assertUnknown(Function<String, ?> fromValue, String text, String message) {
        assertThatThrownBy(() -> fromValue.apply(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
