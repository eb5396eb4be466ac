package io.linebus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class LifecycleComponentTest {

    @Test
    void ofRunsTheGivenActions() throws Exception {
        List<String> calls = new ArrayList<>();
        LifecycleComponent component = LifecycleComponent.of(() -> calls.add("start"), () -> calls.add("stop"));

        component.start();
        component.stopAsync().toCompletableFuture().get();

        assertThat(calls).containsExactly("start", "stop");
    }

    @Test
    void defaultAsyncVariantsReportTheBlockingOutcome() {
        IOException failure = new IOException("port busy");
        LifecycleComponent component = LifecycleComponent.of(() -> {
            throw failure;
        }, () -> { });

        CompletableFuture<Void> start = component.startAsync().toCompletableFuture();
        assertThat(start).isCompletedExceptionally();
        assertThatThrownBy(start::get).isInstanceOf(ExecutionException.class).hasCause(failure);
        assertThat(component.stopAsync().toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void defaultsDoNothing() throws Exception {
        LifecycleComponent component = new LifecycleComponent() { };

        component.start();
        component.stop();
        assertThat(component.startAsync().toCompletableFuture()).isCompleted();
    }

    @Test
    void ofRejectsNulls() {
        assertThatThrownBy(() -> LifecycleComponent.of(null, () -> { })).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("start");
        assertThatThrownBy(() -> LifecycleComponent.of(() -> { }, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("stop");
    }
}
