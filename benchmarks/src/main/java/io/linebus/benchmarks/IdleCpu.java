package io.linebus.benchmarks;

import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.WaitStrategyKind;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What an idle bus costs: for each wait strategy, starts a bus (one dispatch shard, nothing
 * published), lets it settle, and prints the CPU the process used over a few seconds as a share of
 * one core. Not a JMH benchmark: idleness has no operations to time.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.linebus.benchmarks.IdleCpu [seconds] [STRATEGY...]</pre>
 */
public final class IdleCpu {
    private static final long SETTLE_MILLIS = 2_000L;

    private IdleCpu() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5L;
        WaitStrategyKind[] kinds = WaitStrategyKind.values();
        if (args.length > 1) {
            kinds = new WaitStrategyKind[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                kinds[i - 1] = WaitStrategyKind.valueOf(args[i]);
            }
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (WaitStrategyKind kind : kinds) {
            AsyncEventBus bus = AsyncEventBus.builder().name("idle-" + kind).waitStrategy(kind).build();
            bus.start();
            try {
                Thread.sleep(SETTLE_MILLIS);
                long cpuBefore = os.getProcessCpuTime();
                long before = System.nanoTime();
                Thread.sleep(seconds * 1_000L);
                double share = (double) (os.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - before);
                System.out.printf("%-10s idle bus: %5.1f %% of one core over %d s%n", kind, 100.0 * share, seconds);
            } finally {
                bus.stop(Duration.ofSeconds(10));
            }
        }
    }
}
