package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * D26: the documentation is written from the behaviour, and the README's embedding example is this
 * test (keep the two in step).
 */
class ReadmeExampleTest {

    @Test
    void theReadmeEmbeddingExampleWorksAsWritten() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();

        AsyncEventBus bus = AsyncEventBus.builder()
                .name("line-3")
                .dispatchThreads(2)
                .retryPolicy(new RetryPolicy(3))
                .errorPolicy(new ErrorPolicy())
                .build();

        bus.registerHandler(BaseHandler.of("yield", List.of(EventType.TEST_RESULT),
                event -> printed.add(event.payload().get("unit_id") + " " + event.payload().get("result"))));
        bus.start();

        bus.publish(Event.create(EventType.TEST_RESULT,
                Map.of("unit_id", "PCB-0042", "result", "passed"), "ict-station-1"));

        assertThat(bus.awaitIdle(Duration.ofSeconds(5))).isTrue();
        bus.stop();

        assertThat(printed).containsExactly("PCB-0042 passed");
        assertThat(bus.deadLetterQueue().isEmpty()).isTrue();
    }
}
