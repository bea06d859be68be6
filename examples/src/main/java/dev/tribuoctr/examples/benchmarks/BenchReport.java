package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.examples.reports.MarkdownText;
import dev.tribuoctr.ctr.engine.StepProfiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Formats benchmark results as Markdown for {@code docs/BENCHMARKS.md}: machine, command and date lines, then a
 * table.
 */
public final class BenchReport {
    private static final double MIB = 1024.0 * 1024.0;

    private BenchReport() { }

    /**
     * @param options the options used
     * @param args the command's arguments, echoed in the command line
     * @param results the measurements
     * @return the Markdown text
     */
    public static String markdown(BenchOptions options, String[] args, List<BenchResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("- Machine: ").append(machine()).append('\n');
        sb.append("- Command: `java -Xmx").append(Math.round(Runtime.getRuntime().maxMemory() / MIB))
                .append("m -jar examples/target/tribuo-ctr-examples.jar bench");
        for (String a : args) {
            sb.append(' ').append(a);
        }
        sb.append("`\n");
        sb.append("- Date: ").append(OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        sb.append(String.format(Locale.ROOT, "- Settings: batch %d, history %d, embedding %d per group, %d categories, "
                        + "%d users, hidden 80/40, 1 warm-up + %d timed epochs (median), float32, %d compute thread(s), engine %s%n%n",
                options.batchSize, options.history, options.embedding, options.categories, options.users,
                options.repeats, results.isEmpty() ? options.threads : results.get(0).threads(), options.engine));
        sb.append("| items | item vocabulary | examples/epoch | method | examples/s | step ms | train s "
                + "| peak heap MiB | heap pool peaks MiB | peak off-heap MiB | peak RSS MiB | process VmHWM MiB |\n");
        sb.append("| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (BenchResult r : results) {
            MemoryProbe.Peaks m = r.memory();
            sb.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %s | %.0f | %.1f | %.1f | %s | %s | %s | %s | %s |%n",
                    r.items(), r.itemVocabulary(), r.examples(), MarkdownText.cell(r.method()), r.examplesPerSecond(),
                    r.stepMillis(),
                    r.trainSeconds(), mib(m.heapUsed()), mib(m.heapPoolPeakSum()), mib(m.offHeap()), mib(m.rss()),
                    mib(m.processHighWaterMark())));
        }
        sb.append("\nexamples/s counts in-bag examples (Meta-Wrapper also processes an out-of-bag batch a quarter "
                + "the size per step); step ms = batch / examples/s. Memory is measured in one JVM for all runs: "
                + "heap includes the generated dataset; VmHWM is the process's lifetime peak, so it only grows "
                + "down the table.\n");
        if (results.stream().anyMatch(r -> r.model() != null)) {
            sb.append("\n| items | method | model.tribuo (protobuf) MiB | feature-map entries | heap retained by the model MiB |\n");
            sb.append("| ---: | --- | ---: | ---: | ---: |\n");
            for (BenchResult r : results) {
                if (r.model() != null) {
                    sb.append(String.format(Locale.ROOT, "| %,d | %s | %s | %,d | %s |%n", r.items(),
                            MarkdownText.cell(r.method()),
                            mib1(r.model().serializedBytes()), r.model().featureMapEntries(),
                            mib1(r.model().retainedHeapBytes())));
                }
            }
        }
        for (BenchResult r : results) {
            if (r.profile() != null) {
                sb.append(profile(r));
            }
        }
        return sb.toString();
    }

    /**
     * @param r a profiled result
     * @return its step breakdown as a Markdown table (milliseconds per step and share of the step)
     */
    public static String profile(BenchResult r) {
        StepProfiler.Profile p = r.profile();
        double step = p.millisPerStep(StepProfiler.Phase.STEP);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n### Profile: %s, %,d items, %d thread(s), last epoch, %d steps, %.1f ms/step%n%n",
                MarkdownText.cell(r.method()), r.items(), r.threads(), p.steps(), step));
        sb.append("| part of the step | ms/step | share |\n| --- | ---: | ---: |\n");
        p.breakdown().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f%% |%n", MarkdownText.cell(k), v,
                step > 0 ? 100 * v / step : 0)));
        return sb.toString();
    }

    /**
     * @param bytes a byte count, negative where unknown
     * @return it in MiB, rounded, or {@code n/a}
     */
    public static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes / MIB);
    }

    /**
     * @param bytes a byte count, negative where unknown
     * @return it in MiB with one decimal, or {@code n/a}
     */
    public static String mib1(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / MIB);
    }

    /** @return the CPU model, the cores available, the OS and the Java version */
    public static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep the placeholder
        }
        return String.format(Locale.ROOT, "%s, %d cores available, %s %s, Java %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
    }
}
