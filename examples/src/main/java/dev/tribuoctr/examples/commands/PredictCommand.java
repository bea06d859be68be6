package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.cli.AtomicOutput;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.OutputGuard;

import ai.onnxruntime.OrtException;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.ctr.data.CsvRows;
import dev.tribuoctr.onnx.RawInputs;
import org.tribuo.data.columnar.ColumnarIterator;
import org.tribuo.data.csv.CSVIterator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code predict --onnx FILE.onnx --input FILE [--output FILE]}: scores a delimited file (the format of the
 * delimited-file training route) with an exported model on ONNX Runtime, writing one click probability per input
 * row, in order. Rows are read by {@link CsvRows}, as training's delimited route reads them (Tribuo's CSV parsing,
 * distinct header names, physical line numbers, the line limit), and their cells by the rules of training
 * ({@link RawInputs}), then scored in batches by {@link PlainOnnxScorer}. A row training would refuse (a number that
 * is not a strict finite decimal, an empty history token) stops the command with its file, line and column, and
 * {@code --output} is written atomically, so it holds all the probabilities or is left as it was; it is never the
 * input, and an existing file is replaced only with {@code --overwrite}.
 */
public final class PredictCommand {
    private PredictCommand() { }

    /**
     * @param args the command's arguments
     * @param out standard output (probabilities go here without {@code --output})
     * @return the exit status
     * @throws IOException if a file cannot be read or written, or ONNX Runtime fails
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        PredictOptions options = new PredictOptions();
        if (!CliArguments.parse("predict", args, options, out)) {
            return 0;
        }
        if (options.onnx == null || options.input == null || options.batchSize < 1) {
            throw new CliUsageException("predict needs --onnx FILE.onnx and --input FILE (and --batch-size >= 1)\n\n"
                    + CliArguments.usage("predict", options), null);
        }
        if (!Files.isRegularFile(options.input)) {
            throw new NoSuchFileException(options.input.toString(), null, "--input does not exist or is not a file");
        }
        if (options.output != null) {
            OutputGuard.requireFileNotInput("predict", "--output", options.output,
                    OutputGuard.input("--input", options.input), OutputGuard.input("--onnx", options.onnx));
            AtomicOutput.checkWritable(options.output, options.overwrite, "--output");
        }
        // a clear error for files this library did not write; the schema says how cells map onto the inputs
        // (and its part checksums): the bytes checked are the bytes scored
        dev.tribuoctr.onnx.OnnxModelFile file = dev.tribuoctr.onnx.OnnxModelFile.read(options.onnx);
        dev.tribuoctr.onnx.OnnxSchema schema = file.schema();
        try (PlainOnnxScorer scorer = new PlainOnnxScorer(file.bytes(), 0)) {
            long count;
            if (options.output == null) {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                count = score(options, schema, scorer, writer);
                writer.flush();
            } else {
                long[] written = new long[1];
                // Written beside --output and moved into place: a bad row leaves no partial file.
                AtomicOutput.write(options.output, options.overwrite, os -> {
                    Writer writer = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
                    written[0] = score(options, schema, scorer, writer);
                    writer.flush();
                });
                count = written[0];
                out.println("Wrote " + count + " probabilities to " + options.output);
            }
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime failed on " + options.input + ": " + e.getMessage(), e);
        }
        return 0;
    }

    /** Scores the input in batches, writing one probability a line; returns the number of rows. */
    private static long score(PredictOptions options, dev.tribuoctr.onnx.OnnxSchema schema, PlainOnnxScorer scorer,
                              Writer writer) throws IOException {
        try (CsvRows rows = new CsvRows(options.input, options.separator, CSVIterator.QUOTE)) {
            List<String> header = rows.header();
            RawInputs requests = new RawInputs(schema, header, options.input.toString(), options.mostRecentFirst);
            List<Map<String, String>> batch = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            long count = 0;
            while (rows.hasNext()) {
                ColumnarIterator.Row row = rows.next();
                batch.add(row.getRowData());
                lines.add(rows.line()); // the physical line where the row starts
                if (batch.size() == options.batchSize || !rows.hasNext()) {
                    float[] probabilities = scorer.score(requests.arrays(batch.size(),
                            (r, c) -> batch.get(r).get(header.get(c)), r -> lines.get((int) r)));
                    for (int i = 0; i < probabilities.length; i++) {
                        if (!Float.isFinite(probabilities[i])) {
                            throw new ClickLogFormatException(options.input.toString(), lines.get(i), null,
                                    "the model's probability for this row is " + probabilities[i], null);
                        }
                        writer.write(Float.toString(probabilities[i]));
                        writer.write('\n');
                    }
                    count += batch.size();
                    batch.clear();
                    lines.clear();
                }
            }
            return count;
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime failed on " + options.input + ": " + e.getMessage(), e);
        }
    }
}
