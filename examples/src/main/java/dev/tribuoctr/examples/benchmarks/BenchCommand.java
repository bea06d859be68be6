package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.examples.commands.CtrMethod;

import dev.tribuoctr.ctr.train.TrainingRun;
import dev.tribuoctr.ctr.engine.StepProfiler;

import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.train.EpochStats;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code bench} command: for each item vocabulary size, generates data in memory
 * ({@link BenchDataGenerator}) and trains each method for one warm-up epoch plus {@code repeats} timed epochs,
 * recording the median throughput and the memory peaks ({@link MemoryProbe}). Hidden sizes are 80/40 for the
 * selector and the predictor.
 */
public final class BenchCommand {
    private static final Logger logger = Logger.getLogger(BenchCommand.class.getName());
    private static final int[] HIDDEN = {80, 40};

    private final BenchOptions options;
    private final PrintStream progress;

    /**
     * @param options the parsed options
     * @param progress where a line per finished measurement goes
     */
    public BenchCommand(BenchOptions options, PrintStream progress) {
        if (options.repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, got " + options.repeats);
        }
        if (options.methods.isEmpty()) {
            throw new IllegalArgumentException("--methods must name at least one method");
        }
        this.options = options;
        this.progress = progress;
    }

    /** @return one result per (item count, method), in the order measured */
    public List<BenchResult> run() {
        List<BenchResult> results = new ArrayList<>();
        for (int items : options.items) {
            int examples = options.examplesFor(items);
            long start = System.nanoTime();
            MutableDataset<Label> data = new BenchDataGenerator(items, options.categories, options.users,
                    options.history, options.seed).generate(examples);
            logger.info(String.format("Generated %d examples over %d items in %.1f s", examples, items,
                    (System.nanoTime() - start) / 1e9));
            for (CtrMethod method : options.methods) {
                BenchResult r = measure(method, items, data);
                progress.printf(java.util.Locale.ROOT, "measured %s, %d items: %.0f examples/s, %.1f ms/step%n",
                        r.method(), items, r.examplesPerSecond(), r.stepMillis());
                results.add(r);
            }
        }
        return results;
    }

    private BenchResult measure(CtrMethod method, int items, MutableDataset<Label> data) {
        CtrSchema schema = new CtrSchema(SyntheticInterestDataSource.ITEM_FIELD,
                List.of(SyntheticInterestDataSource.CATEGORY_FIELD), SyntheticInterestDataSource.HISTORY_FIELD,
                options.history, List.of(SyntheticInterestDataSource.USER_FIELD), List.of(), 1);
        MetaWrapperTrainer trainer = method.configure(MetaWrapperTrainer.builder(), 0.5)
                .finiteDifference(options.finiteDifference)
                .schema(schema)
                .embeddingSizes(options.embedding, options.embedding, options.embedding)
                .selectorHiddenSizes(HIDDEN)
                .predictorHiddenSizes(HIDDEN)
                .batchSize(options.batchSize)
                .epochs(1 + options.repeats)
                .seed(options.seed)
                .threads(options.threads)
                .engine(options.engine)
                .build();
        StepProfiler.setEnabled(options.profile);
        MemoryProbe probe = new MemoryProbe();
        probe.start();
        long start = System.nanoTime();
        TrainingRun run = trainer.trainWithHistory(data, null, null, java.util.Map.of());
        CtrModel model = run.model();
        double seconds = (System.nanoTime() - start) / 1e9;
        MemoryProbe.Peaks peaks = probe.stop();
        StepProfiler.Profile profile = options.profile ? StepProfiler.snapshot() : null;
        StepProfiler.setEnabled(false);
        List<EpochStats> timed = run.history().subList(1, run.history().size());
        double eps = median(timed.stream().mapToDouble(EpochStats::examplesPerSecond).toArray());
        BenchResult.ModelSize size = options.modelSize ? measure(model) : null;
        return new BenchResult(items, model.architecture().itemVocab(), data.size(), method.displayName(), eps,
                1000.0 * options.batchSize / eps, seconds, peaks, trainer.computeThreads(), profile, size);
    }

    /**
     * @param model a trained model (the caller drops it afterwards)
     * @return its size in Tribuo's protobuf format (the {@code model.tribuo} that {@code train} writes), its
     *     feature-map entries and the heap a loaded copy retains (parameters, encoder and feature map)
     */
    private static BenchResult.ModelSize measure(CtrModel model) {
        byte[] serialized = model.serialize().toByteArray();
        long bytes = serialized.length;
        int entries = model.getFeatureIDMap().size();
        // The heap the model retains: used heap with a loaded copy alive, minus without it.
        long retained = -1;
        try {
            org.tribuo.protos.core.ModelProto proto = org.tribuo.protos.core.ModelProto.parseFrom(serialized);
            serialized = null;
            long before = usedAfterGc();
            Object copy = org.tribuo.Model.deserialize(proto);
            long with = usedAfterGc(); // the proto is alive in both measurements, so only the copy counts
            retained = Math.max(0, with - before);
            logger.fine("measured " + copy.getClass().getSimpleName());
        } catch (java.io.IOException | RuntimeException | OutOfMemoryError e) {
            logger.warning("Could not measure the model's heap: " + e);
        }
        return new BenchResult.ModelSize(bytes, entries, retained);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Counts the bytes written to it and keeps none. */

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
