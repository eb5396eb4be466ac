package io.linebus.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings every linebus benchmark inherits (JMH annotations are {@code @Inherited}): the
 * full-run iteration counts and, above all, the fork JVM flags.
 *
 * <p>{@code jvmArgsAppend} is the root pom's {@code chronicle.jvm.flags} property, element by element:
 * the two must stay in sync ({@code JvmFlagsTest} fails the build when they differ, and when any
 * benchmark in the jar resolves to other flags). A benchmark class may override the mode, time unit
 * and iterations, but must not declare its own {@code @Fork}, which would replace these flags.
 * {@code benchmarks/run.sh} passes the pom's flags again with {@code -jvmArgsAppend}, so a scripted
 * run always uses the pom's current value. Chronicle analytics stay off in every fork.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgs = {"-Xms2g", "-Xmx2g"}, jvmArgsAppend = {
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.disk.monitor.disable=true"})
public abstract class LinebusBenchmark {
    /** Ring capacity of the bus and of the baselines: the bus's default. */
    public static final int RING_SIZE = 65_536;
}
