package io.linebus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LifecycleManagerTest {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final LifecycleManager manager = new LifecycleManager();

    private LifecycleComponent component(String name) {
        return LifecycleComponent.of(() -> calls.add("start:" + name), () -> calls.add("stop:" + name));
    }

    private LifecycleComponent failingToStart(String name, Exception failure) {
        return LifecycleComponent.of(() -> {
            calls.add("start:" + name);
            throw failure;
        }, () -> calls.add("stop:" + name));
    }

    @Test
    void startsByPriorityAndStopsInReverse() throws Exception {
        manager.addComponent(component("app"))
                .addTransport(component("mqtt"))
                .addEventBus(component("bus"))
                .addComponent(component("app2"))
                .addComponent(component("early"), -5)
                .addTransport(component("late-transport"), 200)
                .addEventBus(component("bus2"), 1);

        manager.start();
        assertThat(calls).containsExactly("start:early", "start:bus", "start:bus2", "start:mqtt", "start:app",
                "start:app2", "start:late-transport");
        calls.clear();
        manager.stop();
        assertThat(calls).containsExactly("stop:late-transport", "stop:app2", "stop:app", "stop:mqtt",
                "stop:bus2", "stop:bus", "stop:early");
    }

    @Test
    void stateFollowsStartAndStop() throws Exception {
        List<LifecycleState> seenOnStart = new ArrayList<>();
        manager.addComponent(new LifecycleComponent() {
            @Override
            public void start() {
                seenOnStart.add(manager.state());
            }
        });
        assertThat(manager.state()).isEqualTo(LifecycleState.CREATED);
        assertThat(manager.isRunning()).isFalse();

        manager.start();
        assertThat(seenOnStart).containsExactly(LifecycleState.STARTING);
        assertThat(manager.state()).isEqualTo(LifecycleState.RUNNING);
        assertThat(manager.isRunning()).isTrue();

        manager.stop();
        assertThat(manager.state()).isEqualTo(LifecycleState.STOPPED);
        assertThat(manager.isRunning()).isFalse();
    }

    @Test
    void startWhileRunningAndStopWhileStoppedDoNothing() throws Exception {
        manager.addComponent(component("a"));
        manager.start();
        manager.start();
        manager.stop();
        manager.stop();

        assertThat(calls).containsExactly("start:a", "stop:a");
    }

    @Test
    void canStartAgainAfterStop() throws Exception {
        manager.addComponent(component("a"));
        manager.start();
        manager.stop();
        manager.start();

        assertThat(manager.state()).isEqualTo(LifecycleState.RUNNING);
        assertThat(calls).containsExactly("start:a", "stop:a", "start:a");
    }

    @Test
    void failedStartRollsBackInReverseAndRethrows() {
        IOException failure = new IOException("broker unreachable");
        List<Throwable> errors = new ArrayList<>();
        List<String> callbacks = new ArrayList<>();
        manager.addEventBus(component("bus"))
                .addTransport(component("mqtt"))
                .addComponent(failingToStart("amqp", failure), 75)
                .addComponent(component("app"))
                .onError(errors::add)
                .onStart(() -> callbacks.add("started"));

        assertThatThrownBy(manager::start).isSameAs(failure);

        // The failed component is not stopped (it did not start); the later one never started.
        assertThat(calls).containsExactly("start:bus", "start:mqtt", "start:amqp", "stop:mqtt", "stop:bus");
        assertThat(manager.state()).isEqualTo(LifecycleState.ERROR);
        assertThat(errors).containsExactly(failure);
        assertThat(callbacks).isEmpty();
    }

    @Test
    void anAsyncStartThatFailsRollsBackWithItsCause() {
        IllegalStateException failure = new IllegalStateException("no ring");
        manager.addComponent(component("first"), 0).addComponent(new LifecycleComponent() {
            @Override
            public CompletionStage<Void> startAsync() {
                return CompletableFuture.runAsync(() -> {
                    throw failure;
                });
            }
        });

        assertThatThrownBy(manager::start).isSameAs(failure);
        assertThat(calls).containsExactly("start:first", "stop:first");
    }

    @Test
    void theManagerWaitsForAnAsyncStart() throws Exception {
        CompletableFuture<Void> starting = new CompletableFuture<>();
        manager.addComponent(new LifecycleComponent() {
            @Override
            public CompletionStage<Void> startAsync() {
                return starting;
            }
        }, 0).addComponent(component("after"));
        Thread starter = new Thread(() -> {
            try {
                manager.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        starter.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> manager.state() == LifecycleState.STARTING);
        assertThat(calls).isEmpty();
        starting.complete(null);
        starter.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(calls).containsExactly("start:after");
        assertThat(manager.state()).isEqualTo(LifecycleState.RUNNING);
    }

    @Test // D20
    void stopFromCreatedStopsNothing() {
        List<String> callbacks = new ArrayList<>();
        manager.addComponent(component("a")).onStop(() -> callbacks.add("stopped"));

        manager.stop();

        assertThat(calls).isEmpty();
        assertThat(manager.state()).isEqualTo(LifecycleState.STOPPED);
        assertThat(callbacks).containsExactly("stopped");
    }

    @Test // D20
    void stopAfterAFailedStartDoesNotStopTheRolledBackComponentsAgain() {
        manager.addComponent(component("a"), 0).addComponent(failingToStart("b", new IOException("down")));
        assertThatThrownBy(manager::start).isInstanceOf(IOException.class);
        calls.clear();

        manager.stop();

        assertThat(calls).isEmpty();
        assertThat(manager.state()).isEqualTo(LifecycleState.STOPPED);
    }

    @Test // D20
    void aComponentAddedTwiceIsRejected() {
        LifecycleComponent bus = component("bus");
        manager.addEventBus(bus);

        assertThatThrownBy(() -> manager.addTransport(bus)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already added");
        assertThat(manager).hasToString("LifecycleManager(components=1, state=created)");
    }

    @Test // D20
    void startAndStopAreRefusedWhileStarting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        manager.addComponent(LifecycleComponent.of(release::await, () -> calls.add("stop:slow")));
        AtomicReference<Throwable> starterFailure = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                manager.start();
            } catch (Throwable e) {
                starterFailure.set(e);
            }
        });
        starter.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> manager.state() == LifecycleState.STARTING);

            assertThatThrownBy(manager::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("starting");
            assertThatThrownBy(manager::stop).isInstanceOf(IllegalStateException.class).hasMessageContaining("starting");
        } finally {
            release.countDown();
        }
        starter.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(starterFailure.get()).isNull();
        assertThat(manager.state()).isEqualTo(LifecycleState.RUNNING);
    }

    @Test // D20
    void startAndStopAreRefusedWhileStopping() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        manager.addComponent(LifecycleComponent.of(() -> calls.add("start:slow"), release::await));
        manager.start();
        Thread stopper = new Thread(() -> manager.stop(Duration.ofMinutes(5)));
        stopper.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> manager.state() == LifecycleState.STOPPING);

            assertThatThrownBy(manager::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
            assertThatThrownBy(manager::stop).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
        } finally {
            release.countDown();
        }
        stopper.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(manager.state()).isEqualTo(LifecycleState.STOPPED);
    }

    @Test // D20
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing assertion
    void aBlockingStopIsLimitedByTheTimeoutAndTheOthersAreStillStopped() throws Exception {
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch blockedStopEntered = new CountDownLatch(1);
        manager.addEventBus(component("bus"))
                .addTransport(LifecycleComponent.of(() -> calls.add("start:stuck"), () -> {
                    blockedStopEntered.countDown();
                    neverReleased.await();
                }))
                .addComponent(component("app"));
        manager.start();
        try {
            manager.stop(Duration.ofMillis(200));

            assertThat(blockedStopEntered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(manager.state()).isEqualTo(LifecycleState.STOPPED);
            assertThat(calls).containsExactly("start:bus", "start:stuck", "start:app", "stop:app", "stop:bus");
        } finally {
            neverReleased.countDown();
        }
    }

    @Test
    void aFailingStopIsLoggedAndTheOthersAreStillStopped() throws Exception {
        manager.addComponent(component("a"), 0)
                .addComponent(LifecycleComponent.of(() -> { }, () -> {
                    throw new IOException("close failed");
                }), 1)
                .addComponent(new LifecycleComponent() {
                    @Override
                    public CompletionStage<Void> stopAsync() {
                        throw new IllegalStateException("broken stopAsync");
                    }
                }, 2);
        manager.start();

        manager.stop();

        assertThat(calls).containsExactly("start:a", "stop:a");
        assertThat(manager.state()).isEqualTo(LifecycleState.STOPPED);
    }

    @Test
    void callbacksRunAndAFailingCallbackDoesNotStopTheOthers() throws Exception {
        List<String> callbacks = new ArrayList<>();
        manager.addComponent(component("a"))
                .onStart(() -> {
                    throw new IllegalStateException("callback bug");
                })
                .onStart(() -> callbacks.add("started"))
                .onStop(() -> {
                    throw new IllegalStateException("callback bug");
                })
                .onStop(() -> callbacks.add("stopped"));

        manager.start();
        assertThat(manager.isRunning()).isTrue();
        manager.close();

        assertThat(callbacks).containsExactly("started", "stopped");
        assertThat(manager.state()).isEqualTo(LifecycleState.STOPPED);
    }

    @Test
    void aFailingErrorCallbackDoesNotHideTheStartFailure() {
        IOException failure = new IOException("down");
        List<Throwable> errors = new ArrayList<>();
        manager.addComponent(failingToStart("a", failure))
                .onError(error -> {
                    throw new IllegalStateException("callback bug");
                })
                .onError(errors::add);

        assertThatThrownBy(manager::start).isSameAs(failure);
        assertThat(errors).containsExactly(failure);
    }

    @Test
    void aComponentAddedWhileRunningStartsWithTheNextStart() throws Exception {
        manager.addComponent(component("a"));
        manager.start();
        manager.addComponent(component("b"));
        manager.stop();
        manager.start();

        assertThat(calls).containsExactly("start:a", "stop:a", "start:a", "start:b");
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> manager.addComponent(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("component");
        assertThatThrownBy(() -> manager.addEventBus(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> manager.addTransport(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> manager.onStart(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> manager.onStop(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> manager.onError(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> manager.stop(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> manager.stop(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> manager.stop(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(manager.state()).isEqualTo(LifecycleState.CREATED);
    }
}
