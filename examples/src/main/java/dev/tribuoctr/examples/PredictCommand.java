package dev.tribuoctr.examples;

import ai.onnxruntime.OrtException;
import org.tribuo.data.columnar.ColumnarIterator;
import org.tribuo.data.csv.CSVIterator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code predict --onnx FILE.onnx --input FILE [--output FILE]}: scores a delimited file (the format of the
 * delimited-file training route) with an exported model on ONNX Runtime, writing one click probability per input
 * row, in order. Rows are read with Tribuo's CSV reader and scored in batches by {@link PlainOnnxScorer}.
 */
final class PredictCommand {
    private PredictCommand() { }

    /**
     * @param args the command's arguments
     * @param out standard output (probabilities go here without {@code --output})
     * @return the exit status
     * @throws IOException if a file cannot be read or written, or ONNX Runtime fails
     */
    static int run(String[] args, PrintStream out) throws IOException {
        PredictOptions options = new PredictOptions();
        if (!CliArguments.parse("predict", args, options, out)) {
            return 0;
        }
        if (options.onnx == null || options.input == null || options.batchSize < 1) {
            throw new CliUsageException("predict needs --onnx FILE.onnx and --input FILE (and --batch-size >= 1)\n\n"
                    + CliArguments.usage("predict", options), null);
        }
        if (!Files.isRegularFile(options.input)) {
            throw new IOException("Input file " + options.input + " does not exist or is not a file");
        }
        dev.tribuoctr.onnx.OnnxModelFile.read(options.onnx); // a clear error for files this library did not write
        try (PlainOnnxScorer scorer = new PlainOnnxScorer(options.onnx, 0);
             CSVIterator rows = new CSVIterator(options.input.toUri(), options.separator, CSVIterator.QUOTE);
             Writer writer = options.output == null ? unclosable(out)
                     : Files.newBufferedWriter(options.output, StandardCharsets.UTF_8)) {
            DelimitedRequests requests = new DelimitedRequests(scorer, options.input.toString(),
                    new LinkedHashSet<>(rows.getFields()), options.mostRecentFirst);
            List<Map<String, String>> batch = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            long count = 0;
            while (rows.hasNext()) {
                ColumnarIterator.Row row = rows.next();
                batch.add(row.getRowData());
                lines.add(row.getIndex() + 2); // 1-based, after the header
                if (batch.size() == options.batchSize || !rows.hasNext()) {
                    for (float p : scorer.score(requests.columns(batch, lines))) {
                        writer.write(Float.toString(p));
                        writer.write('\n');
                    }
                    count += batch.size();
                    batch.clear();
                    lines.clear();
                }
            }
            writer.flush();
            if (options.output != null) {
                out.println("Wrote " + count + " probabilities to " + options.output);
            }
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime failed on " + options.input + ": " + e.getMessage(), e);
        }
        return 0;
    }

    /** A writer over standard output that flushes instead of closing it. */
    private static Writer unclosable(PrintStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
