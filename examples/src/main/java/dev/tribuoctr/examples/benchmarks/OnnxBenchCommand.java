package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.ctr.engine.cpu.ParallelSlices;
import dev.tribuoctr.examples.cli.AtomicOutput;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.commands.CompareCommand;
import dev.tribuoctr.examples.reports.Figure7Command;
import dev.tribuoctr.examples.commands.PlainOnnxScorer;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrExampleReader;
import dev.tribuoctr.ctr.encoding.CtrExampleReader.CtrExampleValues;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.onnx.OnnxCtrModel;
import dev.tribuoctr.onnx.OnnxExporter;
import dev.tribuoctr.onnx.OnnxModelFile;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code onnx-bench}: trains a Meta-Wrapper model on the synthetic data of {@code compare} (10,000 items, history 20,
 * a user field), exports it, and measures the latency of scoring request batches three ways: the ND4J model through
 * Tribuo ({@code CtrModel}), the ONNX file through Tribuo ({@link OnnxCtrModel}: examples mapped to strings, then
 * ONNX Runtime), and plain ONNX Runtime on prepared string arrays ({@link PlainOnnxScorer}, what a server that
 * receives raw strings pays). Prints p50 and p99 per engine and batch size as Markdown.
 */
public final class OnnxBenchCommand {
    private OnnxBenchCommand() { }

    /** One engine under test. */
    private interface Engine {
        /** Untimed preparation of a batch the engine will be timed on. */
        default void prepare(List<Example<Label>> batch) { }

        void score(List<Example<Label>> batch) throws Exception;
    }

    /** Plain ONNX Runtime on string columns prepared before timing (keyed by batch identity: no hashing when timed). */
    private static final class PlainEngine implements Engine {
        private final PlainOnnxScorer scorer;
        private final CtrSchema schema;
        private final Map<List<Example<Label>>, Map<String, Object>> prepared = new IdentityHashMap<>();

        PlainEngine(PlainOnnxScorer scorer, CtrSchema schema) {
            this.scorer = scorer;
            this.schema = schema;
        }

        @Override
        public void prepare(List<Example<Label>> batch) {
            prepared.computeIfAbsent(batch, b -> columns(schema, b));
        }

        @Override
        public void score(List<Example<Label>> batch) throws Exception {
            scorer.score(prepared.get(batch));
        }
    }

    /**
     * @param args the command's arguments
     * @param out where the report goes
     * @return the exit status
     * @throws IOException if the model cannot be exported or the report written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        OnnxBenchOptions options = new OnnxBenchOptions();
        if (!CliArguments.parse("onnx-bench", args, options, out)) {
            return 0;
        }
        if (options.calls < 1 || options.warmup < 0 || Arrays.stream(options.batchSizes).anyMatch(b -> b < 1)) {
            throw new CliUsageException("onnx-bench needs --calls >= 1, --warmup >= 0 and batch sizes >= 1\n\n"
                    + CliArguments.usage("onnx-bench", options), null);
        }
        if (ParallelSlices.threadsProblem(options.threads) != null) {
            throw new CliUsageException("onnx-bench: --threads " + ParallelSlices.threadsProblem(options.threads)
                    + "\n\n" + CliArguments.usage("onnx-bench", options), null);
        }
        if (options.out != null) {
            AtomicOutput.checkWritable(options.out, options.overwrite, "--out");
        }
        int threads = options.threads > 0 ? options.threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        CtrSchema schema = new CtrSchema(SyntheticInterestDataSource.ITEM_FIELD,
                List.of(SyntheticInterestDataSource.CATEGORY_FIELD), SyntheticInterestDataSource.HISTORY_FIELD,
                CompareCommand.HISTORY, List.of(SyntheticInterestDataSource.USER_FIELD), List.of(), 1);
        MutableDataset<Label> train = synthetic(Split.TRAIN);
        List<Example<Label>> requests = new ArrayList<>();
        synthetic(Split.TEST).forEach(requests::add);
        CtrModel model = MetaWrapperTrainer.builder().schema(schema).epochs(options.epochs).seed(1).build().train(train);
        Path file = Files.createTempFile("onnx-bench", ".onnx");
        try {
            OnnxExporter.save(model, file);
            OnnxModelFile exported = OnnxModelFile.read(file);
            try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
                sessionOptions.setIntraOpNumThreads(threads);
                try (OnnxCtrModel onnx = OnnxCtrModel.of(exported, sessionOptions);
                     PlainOnnxScorer plain = new PlainOnnxScorer(file, threads)) {
                    Map<String, Engine> engines = new java.util.LinkedHashMap<>();
                    engines.put("CtrModel (Tribuo API; fused CPU pass on the CPU backend)", model::clickProbabilities);
                    engines.put("ONNX Runtime via OnnxCtrModel (Tribuo API)", onnx::clickProbabilities);
                    engines.put("ONNX Runtime, plain (prepared strings)", new PlainEngine(plain, schema));
                    String report = measure(options, threads, engines, requests, Files.size(file));
                    out.print(report);
                    if (options.out != null) {
                        AtomicOutput.write(options.out, options.overwrite,
                                os -> os.write(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        out.println("Wrote " + options.out);
                    }
                }
            } catch (OrtException e) {
                throw new IOException("ONNX Runtime failed: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return 0;
    }

    private static MutableDataset<Label> synthetic(Split split) {
        return new MutableDataset<>(new SyntheticInterestDataSource(100, Figure7Command.PAPER_ITEMS, Figure7Command.PAPER_GROUPS,
                50, 50, 0.5, 0.2, CompareCommand.HISTORY, 0.2, 1, split));
    }

    /** The raw strings of a batch, as a server would receive them (prepared once, outside the timing). */
    private static Map<String, Object> columns(CtrSchema schema, List<Example<Label>> batch) {
        CtrExampleReader reader = new CtrExampleReader(schema, schema.contextFields(), List.of());
        int b = batch.size();
        String[] items = new String[b];
        String[] categories = new String[b];
        String[] users = new String[b];
        String[][] history = new String[b][schema.maxHistoryLength()];
        for (int i = 0; i < b; i++) {
            CtrExampleValues v = reader.read(batch.get(i), i);
            items[i] = v.item();
            categories[i] = v.attributes().get(0) == null ? "" : v.attributes().get(0);
            users[i] = v.contextValues().get(0).isEmpty() ? "" : v.contextValues().get(0).get(0);
            for (int t = 0; t < history[i].length; t++) {
                history[i][t] = t < v.history().size() ? v.history().get(t) : "";
            }
        }
        return Map.of("item", items, SyntheticInterestDataSource.CATEGORY_FIELD, categories, "history", history,
                SyntheticInterestDataSource.USER_FIELD, users);
    }

    private static String measure(OnnxBenchOptions options, int threads, Map<String, Engine> engines,
                                  List<Example<Label>> requests, long fileBytes) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Prediction latency, %d thread(s) per engine, model file %,d bytes; %d timed calls"
                + " per row (batch 1: %d) after %d warm-up calls.%n%n", threads, fileBytes, options.calls,
                options.calls * 10, options.warmup));
        sb.append("| engine | batch | p50 ms | p99 ms | requests/s at p50 |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (int batchSize : options.batchSizes) {
            int calls = batchSize == 1 ? options.calls * 10 : options.calls;
            List<List<Example<Label>>> batches = new ArrayList<>();
            for (int c = 0; c < Math.min(calls, 64); c++) {
                int from = (c * batchSize) % Math.max(1, requests.size() - batchSize);
                batches.add(requests.subList(from, from + batchSize));
            }
            for (Map.Entry<String, Engine> e : engines.entrySet()) {
                double[] ms = new double[calls];
                batches.forEach(e.getValue()::prepare);
                try {
                    for (int w = 0; w < options.warmup; w++) {
                        e.getValue().score(batches.get(w % batches.size()));
                    }
                    for (int c = 0; c < calls; c++) {
                        List<Example<Label>> batch = batches.get(c % batches.size());
                        long start = System.nanoTime();
                        e.getValue().score(batch);
                        ms[c] = (System.nanoTime() - start) / 1e6;
                    }
                } catch (Exception ex) {
                    throw new IOException(e.getKey() + " failed: " + ex.getMessage(), ex);
                }
                Arrays.sort(ms);
                double p50 = ms[(int) Math.floor(0.50 * (calls - 1))];
                double p99 = ms[(int) Math.floor(0.99 * (calls - 1))];
                sb.append(String.format("| %s | %d | %.3f | %.3f | %,.0f |%n", e.getKey(), batchSize, p50, p99,
                        batchSize / (p50 / 1000)));
            }
        }
        return sb.toString();
    }
}
