package io.linebus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Optional;

/** The fork flags in {@link LinebusBenchmark} must be the root pom's {@code chronicle.jvm.flags}. */
class JvmFlagsTest {
    private static List<String> pomFlags() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"), StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile("<chronicle\\.jvm\\.flags>(.*?)</chronicle\\.jvm\\.flags>", Pattern.DOTALL)
                .matcher(pom);
        assertThat(matcher.find()).as("the root pom defines chronicle.jvm.flags").isTrue();
        return Arrays.asList(matcher.group(1).trim().split("\\s+"));
    }

    @Test
    void theBaseClassCarriesThePomsFlagsInOrder() throws IOException {
        Fork fork = LinebusBenchmark.class.getAnnotation(Fork.class);

        assertThat(fork.jvmArgsAppend()).containsExactlyElementsOf(pomFlags());
        assertThat(fork.jvmArgsAppend()).contains("-Dchronicle.analytics.disable=true");
    }

    @Test
    void everyBenchmarkInTheJarForksWithThePomsFlags() throws IOException {
        List<String> flags = pomFlags();
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());

        assertThat(entries).isNotEmpty();
        for (BenchmarkListEntry entry : entries) {
            Optional<Collection<String>> append = entry.getJvmArgsAppend();
            assertThat(append.hasValue()).as(entry.getUsername() + " has jvmArgsAppend").isTrue();
            assertThat(append.get()).as(entry.getUsername()).containsExactlyElementsOf(flags);
        }
    }
}
