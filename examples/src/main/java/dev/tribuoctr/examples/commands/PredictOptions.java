package dev.tribuoctr.examples.commands;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/** Options of the {@code predict} command (parsed by OLCUT). */
public final class PredictOptions implements Options {
    /** The exported model. */
    @Option(longName = "onnx", usage = "ONNX file written by 'export' (required).")
    public Path onnx = null;
    /** The requests. */
    @Option(longName = "input", usage = "Delimited file with a header row; each model input reads the column of its name, e.g. item,cate,user,history (required).")
    public Path input = null;
    /** Where the probabilities go. */
    @Option(longName = "output", usage = "File to write one probability per line into (default: standard output).")
    public Path output = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace --output if it exists (otherwise an existing file is an error).")
    public boolean overwrite = false;
    /** History order in the file. */
    @Option(longName = "most-recent-first", usage = "History cells list the most recent click first (default: oldest first, as the delimited training files).")
    public boolean mostRecentFirst = false;
    /** Column separator. */
    @Option(longName = "separator", usage = "Column separator character.")
    public char separator = ',';
    /** Requests per ONNX Runtime call. */
    @Option(longName = "batch-size", usage = "Rows per ONNX Runtime call.")
    public int batchSize = 256;

    @Override
    public String getOptionsDescription() {
        return "Scores a delimited file with an exported ONNX model on ONNX Runtime: one click probability per line.";
    }
}
