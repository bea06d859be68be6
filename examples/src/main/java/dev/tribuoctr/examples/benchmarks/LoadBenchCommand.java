package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.examples.reports.MarkdownText;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;

import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.UsageException;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.Dataset;
import org.tribuo.MutableDataset;
import dev.tribuoctr.ctr.data.CompactDataSource;
import org.tribuo.classification.Label;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code load-bench} command: loads the data-source components of an OLCUT configuration (by default
 * {@code train-data}, {@code validation-data} and {@code test-data}, as {@code train} would) and prints, as
 * Markdown, the time each took and the memory of the whole load, sampled by {@link MemoryProbe}: peak heap, the heap
 * still held after loading (after a full GC, with every loaded source and dataset still referenced), peak resident
 * set and the process's lifetime peak (VmHWM). {@code --mode} chooses what loading means: creating the sources
 * ({@code SOURCE}; a file-based source reads its files then), also iterating over their examples once without keeping
 * them ({@code ITERATE}), or building the datasets {@code train} builds ({@code DATASET}, the default): a source's
 * compact dataset when it has one (int columns, no examples; its feature values are not counted), else a Tribuo
 * {@code MutableDataset}.
 */
public final class LoadBenchCommand {
    private static final double MIB = 1024.0 * 1024.0;

    /**
     * One loaded component.
     * @param name the component's name
     * @param type its class's simple name
     * @param createSeconds time to create it (OLCUT lookup; a file-based source reads its files here)
     * @param loadSeconds time to iterate over it or to build its dataset (0 in {@code SOURCE} mode)
     * @param examples examples seen (-1 in {@code SOURCE} mode)
     * @param featureValues features summed over the examples (-1 in {@code SOURCE} mode)
     * @param distinctFeatures the dataset's number of distinct features ({@code DATASET} mode only, else -1)
     */
    public record ComponentLoad(String name, String type, double createSeconds, double loadSeconds, long examples,
                         long featureValues, long distinctFeatures) { }

    /**
     * A whole load.
     * @param loads the components, in load order
     * @param wallSeconds wall time of the whole load
     * @param heapBefore heap used after a full GC before loading
     * @param heapRetained heap used after a full GC after loading, everything loaded still referenced
     * @param rssBefore resident set before loading (-1 if unknown)
     * @param peaks the probe's peaks during the load
     */
    public record Result(List<ComponentLoad> loads, double wallSeconds, long heapBefore, long heapRetained, long rssBefore,
                  MemoryProbe.Peaks peaks) { }

    private LoadBenchCommand() { }

    /**
     * Runs the command.
     * @param args {@code --config FILE [--data-dir DIR] [--set NAME=VALUE ...] [--components a,b] [--mode M]}
     * @param out where the Markdown goes
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out) {
        LoadBenchOptions options = new LoadBenchOptions();
        try (ConfigurationManager cm = CliArguments.openConfiguration("load-bench", args, options,
                () -> options.dataDir, "such as examples/configs/movielens-base.xml", usage(options))) {
            Result result = load(cm, options.components, options.mode);
            out.print(markdown(args, options.mode, result));
            return 0;
        } catch (UsageException e) {
            out.println(usage(options));
            return 0;
        } catch (ArgumentException e) {
            throw new CliUsageException("Bad arguments for 'load-bench': " + e.getMessage() + "\n\n" + usage(options), e);
        }
    }

    /**
     * @param options the options
     * @return the command's usage text
     */
    public static String usage(LoadBenchOptions options) {
        return "Command: java -jar tribuo-ctr-examples.jar load-bench --config FILE [--data-dir DIR] [--set NAME=VALUE ...]"
                + " [--components a,b,c] [--mode SOURCE|ITERATE|DATASET] [--@component.field value ...]\n\n"
                + CliArguments.optionsText(options, true) + "\n" + CliArguments.SET_USAGE;
    }

    /**
     * Loads the components under a {@link MemoryProbe}.
     * @param cm the configuration
     * @param components the component names; absent ones are skipped
     * @param mode what loading means
     * @return the measurements
     * @throws IllegalArgumentException if none of the components is in the configuration, or one is not a
     *     {@code DataSource}
     */
    @SuppressWarnings("unchecked")
    public static Result load(ConfigurationManager cm, List<String> components, LoadBenchOptions.Mode mode) {
        List<String> present = new ArrayList<>();
        for (String c : components) {
            if (cm.getComponentNames().contains(c)) {
                present.add(c);
            }
        }
        if (present.isEmpty()) {
            throw new IllegalArgumentException("the configuration has none of the components " + components
                    + "; it has " + cm.getComponentNames());
        }
        List<Object> keep = new ArrayList<>();
        List<ComponentLoad> loads = new ArrayList<>();
        MemoryProbe probe = new MemoryProbe();
        probe.start();
        long heapBefore = heapUsed();
        long rssBefore = MemoryProbe.statusBytes("VmRSS:");
        long start = System.nanoTime();
        for (String name : present) {
            long t0 = System.nanoTime();
            Configurable c = cm.lookup(name);
            double create = (System.nanoTime() - t0) / 1e9;
            if (!(c instanceof DataSource)) {
                probe.stop();
                throw new IllegalArgumentException("component '" + name + "' is a " + c.getClass().getName()
                        + ", not a DataSource");
            }
            DataSource<Label> source = (DataSource<Label>) c;
            keep.add(source);
            long t1 = System.nanoTime();
            long examples = -1;
            long values = -1;
            long distinct = -1;
            if (mode == LoadBenchOptions.Mode.ITERATE) {
                examples = 0;
                values = 0;
                for (Example<Label> e : source) {
                    examples++;
                    values += e.size();
                }
            } else if (mode == LoadBenchOptions.Mode.DATASET) {
                // What train builds: the compact dataset of a source that has one, else a MutableDataset.
                Dataset<Label> dataset = CompactDataSource.load(source);
                keep.add(dataset);
                examples = dataset.size();
                if (dataset instanceof MutableDataset) {
                    values = 0;
                    for (Example<Label> e : dataset) {
                        values += e.size();
                    }
                }
                distinct = dataset.getProvenance().getNumFeatures();
            }
            double load = (System.nanoTime() - t1) / 1e9;
            loads.add(new ComponentLoad(name, c.getClass().getSimpleName(), create, load, examples, values, distinct));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        MemoryProbe.Peaks peaks = probe.stop();
        long retained = heapUsed();
        Reference.reachabilityFence(keep);
        return new Result(loads, wall, heapBefore, retained, rssBefore, peaks);
    }

    /** @return heap used after two full collections */
    private static long heapUsed() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * @param args the command's arguments, echoed
     * @param mode the mode used
     * @param r the measurements
     * @return machine, command and date lines, then a table per component and a memory table
     */
    public static String markdown(String[] args, LoadBenchOptions.Mode mode, Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("- Machine: ").append(BenchReport.machine()).append('\n');
        sb.append("- Command: `java -Xmx").append(Math.round(Runtime.getRuntime().maxMemory() / MIB))
                .append("m -jar examples/target/tribuo-ctr-examples.jar load-bench");
        for (String a : args) {
            sb.append(' ').append(a);
        }
        sb.append("`\n");
        sb.append("- Date: ").append(OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        sb.append("- Mode: ").append(mode).append("\n\n");
        sb.append("| component | source | create s | load s | examples | feature values | distinct features |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (ComponentLoad c : r.loads()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s | %s | %s |%n",
                    MarkdownText.cell(c.name()), MarkdownText.cell(c.type()),
                    c.createSeconds(), c.loadSeconds(), count(c.examples()), count(c.featureValues()),
                    count(c.distinctFeatures())));
        }
        sb.append("\n| wall s | heap before MiB | peak heap MiB | heap pool peaks MiB | retained heap MiB "
                + "| RSS before MiB | peak RSS MiB | process VmHWM MiB |\n");
        sb.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        MemoryProbe.Peaks p = r.peaks();
        sb.append(String.format(Locale.ROOT, "| %.3f | %s | %s | %s | %s | %s | %s | %s |%n", r.wallSeconds(),
                BenchReport.mib(r.heapBefore()), BenchReport.mib(p.heapUsed()), BenchReport.mib(p.heapPoolPeakSum()),
                BenchReport.mib(r.heapRetained()), BenchReport.mib(r.rssBefore()), BenchReport.mib(p.rss()),
                BenchReport.mib(p.processHighWaterMark())));
        sb.append("\ncreate s: OLCUT creates the source (a file-based source reads its files then); load s: iterating"
                + " or building the dataset. Retained heap: heap used after a full GC with everything loaded still"
                + " referenced (the live data); peak heap also counts garbage not yet collected.\n");
        return sb.toString();
    }

    private static String count(long n) {
        return n < 0 ? "–" : String.format(Locale.ROOT, "%,d", n);
    }
}
