package io.linebus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleStateTest {

    @Test
    void valuesAreThePythonStrings() {
        assertThat(LifecycleState.values()).extracting(LifecycleState::value)
                .containsExactly("created", "starting", "running", "stopping", "stopped", "error");
    }

    @ParameterizedTest
    @EnumSource(LifecycleState.class)
    void fromValueFindsEveryState(LifecycleState state) {
        assertThat(LifecycleState.fromValue(state.value())).isSameAs(state);
    }

    @Test
    void fromValueRejectsUnknownText() {
        assertThatThrownBy(() -> LifecycleState.fromValue("RUNNING")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RUNNING").hasMessageContaining("running");
        assertThatThrownBy(() -> LifecycleState.fromValue(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
