package io.linebus.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandlerChainTest {
    private static final Event EVENT = new Event(EventType.TEST_RESULT);

    /** Records entering and leaving, and passes the event on. */
    private static final class Tracing extends ChainMiddleware {
        private final String name;
        private final List<String> trace;

        Tracing(String name, List<String> trace) {
            this.name = name;
            this.trace = trace;
        }

        @Override
        public Object process(Event event, NextHandler next) throws Exception {
            trace.add(name + ">");
            Object result = next.handle(event);
            trace.add("<" + name);
            return result;
        }
    }

    /** Returns a value of its own without calling next. */
    private static final class Stopper extends ChainMiddleware {
        @Override
        public Object process(Event event, NextHandler next) {
            return "stopped";
        }
    }

    @Test
    void emptyChainReturnsNull() throws Exception {
        HandlerChain chain = new HandlerChain();

        assertThat(chain.size()).isZero();
        assertThat(chain.execute(EVENT)).isNull();
    }

    @Test
    void firstAddedRunsFirstAndWrapsTheOthers() throws Exception {
        List<String> trace = new ArrayList<>();
        HandlerChain chain = new HandlerChain();
        HandlerChain same = chain.add(new Tracing("a", trace)).add(new Tracing("b", trace));

        Object result = chain.execute(EVENT, event -> {
            trace.add("terminal");
            return "done";
        });

        assertThat(same).isSameAs(chain);
        assertThat(chain.size()).isEqualTo(2);
        assertThat(result).isEqualTo("done");
        assertThat(trace).containsExactly("a>", "b>", "terminal", "<b", "<a");
    }

    @Test
    void defaultMiddlewarePassesThroughAndTheChainReturnsNull() throws Exception {
        HandlerChain chain = new HandlerChain().add(new ChainMiddleware() { }).add(new ChainMiddleware() { });

        assertThat(chain.execute(EVENT)).isNull();
    }

    @Test
    void aMiddlewareThatDoesNotCallNextStopsTheChain() throws Exception {
        List<String> trace = new ArrayList<>();
        HandlerChain chain = new HandlerChain()
                .add(new Tracing("a", trace))
                .add(new Stopper())
                .add(new Tracing("never", trace));

        Object result = chain.execute(EVENT, event -> {
            trace.add("terminal");
            return "done";
        });

        assertThat(result).isEqualTo("stopped");
        assertThat(trace).containsExactly("a>", "<a");
    }

    @Test
    void anExceptionPropagatesUnchanged() {
        Exception failure = new Exception("middleware failed");
        HandlerChain chain = new HandlerChain().add(new ChainMiddleware() {
            @Override
            public Object process(Event event, NextHandler next) throws Exception {
                throw failure;
            }
        });

        assertThatThrownBy(() -> chain.execute(EVENT)).isSameAs(failure);
    }

    @Test
    void emptyChainCallsTheTerminalDirectly() throws Exception {
        assertThat(new HandlerChain().execute(EVENT, event -> event.id())).isEqualTo(EVENT.id());
    }

    @Test
    void clearRemovesEveryMiddleware() throws Exception {
        HandlerChain chain = new HandlerChain().add(new Stopper());

        chain.clear();

        assertThat(chain.size()).isZero();
        assertThat(chain.execute(EVENT)).isNull();
        assertThat(chain).hasToString("HandlerChain(middlewares=0)");
    }

    @Test
    void badInputIsRejected() {
        HandlerChain chain = new HandlerChain().add(new ChainMiddleware() {
            @Override
            public Object process(Event event, NextHandler next) throws Exception {
                return next.handle(null);
            }
        });

        assertThatThrownBy(() -> chain.add(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("middleware");
        assertThatThrownBy(() -> chain.execute(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> chain.execute(EVENT, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("terminal");
        assertThatThrownBy(() -> chain.execute(EVENT))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("next");
    }

    @Test
    void runsConcurrentlyWhileMiddlewaresAreAdded() throws Exception {
        HandlerChain chain = new HandlerChain();
        AtomicInteger passes = new AtomicInteger();
        int additions = 50;
        int runners = 3;
        int runs = 2_000;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            try {
                go.await();
                for (int i = 0; i < additions; i++) {
                    chain.add(new ChainMiddleware() {
                        @Override
                        public Object process(Event event, NextHandler next) throws Exception {
                            passes.incrementAndGet();
                            return next.handle(event);
                        }
                    });
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "chain-adder"));
        for (int r = 0; r < runners; r++) {
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < runs; i++) {
                        assertThat(chain.execute(EVENT, event -> "end")).isEqualTo("end");
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "chain-runner-" + r));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }

        assertThat(failures).isEmpty();
        assertThat(chain.size()).isEqualTo(additions);
        int before = passes.get();
        chain.execute(EVENT);
        assertThat(passes.get() - before).isEqualTo(additions);
    }

    @Test
    void middlewareSeesTheEventItWasGiven() throws Exception {
        List<Event> seen = new CopyOnWriteArrayList<>();
        HandlerChain chain = new HandlerChain().add(new ChainMiddleware() {
            @Override
            public Object process(Event event, NextHandler next) throws Exception {
                seen.add(event);
                return next.handle(event);
            }
        });

        chain.execute(EVENT);

        assertThat(seen).containsExactly(EVENT);
    }
}
