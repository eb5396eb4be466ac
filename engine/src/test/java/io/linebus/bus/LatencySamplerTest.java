package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which events a shard times: all of them while few flow, a stride that follows the rate when many do. */
class LatencySamplerTest {
    private static final long MS = 1_000_000L;
    private static final long START = 7 * MS;

    private static long sampledAmong(LatencySampler sampler, long first, long step, int count) {
        long sampled = 0;
        for (int i = 0; i < count; i++) {
            long stride = sampler.strideFor(first + i * step);
            if (stride != 0L) {
                assertThat(stride).isEqualTo(sampler.stride());
                sampled++;
            }
        }
        return sampled;
    }

    @Test
    void aQuietShardTimesEveryEvent() {
        LatencySampler sampler = new LatencySampler(START);
        assertThat(sampledAmong(sampler, 0L, 1L, 10_000)).isEqualTo(10_000);

        sampler.countHandled(50, START + 10 * MS); // 5,000 events a second
        assertThat(sampler.stride()).isEqualTo(1L);
        assertThat(sampledAmong(sampler, 10_000L, 1L, 10_000)).isEqualTo(10_000);
    }

    @Test
    void aBusyShardTimesOneEventInAPowerOfTwoKeepingToItsSampleRate() {
        LatencySampler sampler = new LatencySampler(START);
        sampler.countHandled(2_000_000, START + 10 * MS); // 200 M events a second

        // 200 M / 20 k samples a second = one in 10,000, rounded down to a power of two.
        assertThat(sampler.stride()).isEqualTo(8_192L);
        int events = 1 << 22;
        assertThat(sampledAmong(sampler, 0L, 1L, events)).isBetween(events / 8_192L / 2, events / 8_192L * 2);
    }

    @Test
    void trafficThatCyclesThroughUnitsIsSampledEvenly() {
        LatencySampler sampler = new LatencySampler(START);
        sampler.countHandled(2_000_000, START + 10 * MS);

        // Events of one unit among 64 that take turns: a plain sequence % stride would time all of
        // them or none; scrambled, they get their share.
        int events = 1 << 20;
        for (long unit = 0; unit < 64; unit++) {
            assertThat(sampledAmong(sampler, unit, 64L, events)).as("unit %d", unit)
                    .isBetween(events / 8_192L / 2, events / 8_192L * 2);
        }
    }

    @Test
    void theStrideFollowsTheRateOncePerWindowAndHasACeiling() {
        LatencySampler sampler = new LatencySampler(START);
        sampler.countHandled(1_000_000, START + LatencySampler.WINDOW_NANOS / 2);
        assertThat(sampler.stride()).as("within the first window").isEqualTo(1L);

        sampler.countHandled(1_000_000_000, START + LatencySampler.WINDOW_NANOS); // 1 G events in 1 ms
        assertThat(sampler.stride()).isEqualTo(LatencySampler.MAX_STRIDE);

        sampler.countHandled(3, START + LatencySampler.WINDOW_NANOS + 10 * MS); // then a trickle
        assertThat(sampler.stride()).isEqualTo(1L);
    }
}
