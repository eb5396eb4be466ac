package io.linebus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryConfigTest {

    @Test
    void defaultsAreThePythonOnes() {
        RetryConfig config = RetryConfig.defaults();
        assertThat(config).isEqualTo(new RetryConfig(3, 1.0, 60.0, 2.0, true, 0.1));
        assertThat(RetryConfig.builder().build()).isEqualTo(config);
    }

    @Test
    void builderSetsEveryComponent() {
        RetryConfig config = RetryConfig.builder().maxRetries(5).initialDelay(0.5).maxDelay(10.0)
                .exponentialBase(3.0).jitter(false).jitterFactor(0.25).build();
        assertThat(config).isEqualTo(new RetryConfig(5, 0.5, 10.0, 3.0, false, 0.25));
        assertThat(config.toBuilder().maxRetries(1).build())
                .isEqualTo(new RetryConfig(1, 0.5, 10.0, 3.0, false, 0.25));
    }

    @Test
    void acceptsTheEdgesOfEveryRange() {
        RetryConfig config = new RetryConfig(0, 0.0, 0.0, 1.0, true, 1.0);
        assertThat(config.maxRetries()).isZero();
        assertThat(new RetryConfig(0, 0.0, 0.0, 1.0, true, 0.0).jitterFactor()).isZero();
    }

    @Test
    void rejectsNegativeMaxRetries() {
        assertThatThrownBy(() -> RetryConfig.builder().maxRetries(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries must be >= 0, got -1");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsBadInitialDelay(double value) {
        assertThatThrownBy(() -> RetryConfig.builder().initialDelay(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsBadMaxDelay(double value) {
        assertThatThrownBy(() -> RetryConfig.builder().maxDelay(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
    }

    @Test
    void rejectsMaxDelayBelowInitialDelay() {
        assertThatThrownBy(() -> RetryConfig.builder().initialDelay(5.0).maxDelay(2.0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDelay (2.0 s) must be >= initialDelay (5.0 s)");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.99, 0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsBadExponentialBase(double value) {
        assertThatThrownBy(() -> RetryConfig.builder().exponentialBase(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exponentialBase must be");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN})
    void rejectsBadJitterFactor(double value) {
        assertThatThrownBy(() -> RetryConfig.builder().jitterFactor(value).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitterFactor must be between 0 and 1");
    }
}
