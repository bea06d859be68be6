package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.cli.AtomicOutput;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;
import dev.tribuoctr.examples.cli.ModelFiles;
import dev.tribuoctr.examples.cli.OutputGuard;
import dev.tribuoctr.examples.cli.RunFolder;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.tribuoctr.onnx.OnnxExporter;
import dev.tribuoctr.onnx.OnnxInput;
import dev.tribuoctr.onnx.OnnxModelFile;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;

/**
 * {@code export --model FILE --out FILE.onnx}: reads a model written by {@code train} or {@code select} and writes
 * it as one self-contained ONNX file (design §7, docs/design/onnx-contract.md), then prints the file's inputs (and what
 * the graph does to numeric inputs: the transform it applies to raw values, or none). A model from an incomplete run, or one
 * changed since its run wrote it, is refused; the ONNX file is written atomically and replaces an existing file only
 * with {@code --overwrite}.
 */
public final class ExportCommand {
    private ExportCommand() { }

    /**
     * @param args the command's arguments
     * @param out where the summary goes
     * @return the exit status
     * @throws IOException if a file cannot be read or written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        ExportOptions options = new ExportOptions();
        if (!CliArguments.parse("export", args, options, out)) {
            return 0;
        }
        if (options.model == null || options.out == null) {
            throw new CliUsageException("export needs --model FILE and --out FILE.onnx\n\n"
                    + CliArguments.usage("export", options), null);
        }
        OutputGuard.requireFileNotInput("export", "--out", options.out, OutputGuard.input("--model", options.model));
        AtomicOutput.checkWritable(options.out, options.overwrite, "--out");
        // the file checked against its run's record is the file loaded: its real path, links resolved once
        Model<Label> model = ModelFiles.read(RunFolder.requireIntact(options.model));
        ModelProto onnx = OnnxExporter.export(model);
        AtomicOutput.write(options.out, options.overwrite, onnx::writeTo);
        OnnxModelFile file = OnnxModelFile.read(options.out);
        out.println("Wrote " + options.out + " (" + Files.size(options.out) + " bytes, " + file.schema().kind()
                + " model '" + model.getName() + "')");
        out.println("Inputs:");
        for (OnnxInput input : file.schema().inputs()) {
            out.println("  " + input.name() + "  " + (input.role().isString() ? "string" : "float")
                    + (input.rank() == 1 ? " [batch]" : " [batch, length]") + "  (" + input.role() + ")");
        }
        out.println("Output: " + file.schema().output() + " float [batch], the click probability");
        if (!file.schema().inputs(OnnxInput.Role.NUMERIC).isEmpty()) {
            out.println("Numeric inputs: " + file.schema().numericInputsNote());
        }
        return 0;
    }
}
