package dev.tribuoctr.examples.commands;

import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.nio.file.Path;

/** Options of the {@code export} command (parsed by OLCUT). */
public final class ExportOptions implements Options {
    /** The serialized model. */
    @Option(longName = "model", usage = "Model file: model.tribuo from 'train' or pruned-model.tribuo from 'select' (model.ser / pruned-model.ser of earlier versions too; required).")
    public Path model = null;
    /** The ONNX file to write. */
    @Option(longName = "out", usage = "ONNX file to write, e.g. model.onnx (required).")
    public Path out = null;
    /** Whether existing outputs may be replaced. */
    @Option(longName = "overwrite", usage = "Replace --out if it exists (otherwise an existing file is an error).")
    public boolean overwrite = false;

    @Override
    public String getOptionsDescription() {
        return "Exports a trained CTR model or an LPFS gated/pruned model to one self-contained ONNX file.";
    }
}
