package dev.tribuoctr.examples.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses, before any work, an output that resolves to one of the same command's inputs: {@code export --out}
 * naming the model it reads would otherwise destroy the only copy (with {@code --overwrite}), and a run folder that
 * holds an input would have it replaced or made incomplete. Paths are compared as real paths (symbolic links and
 * {@code ..} resolved by the file system, not as text); an output that does not exist yet is resolved through its
 * nearest existing parent.
 */
public final class OutputGuard {
    private OutputGuard() { }

    /**
     * An input of a command.
     * @param option the option that named it, for messages (e.g. {@code --model})
     * @param path the path given, or null when the option was not given
     */
    public record Input(String option, Path path) { }

    /**
     * @param option the option that named it
     * @param path the path given, or null
     * @return the input
     */
    public static Input input(String option, Path path) {
        return new Input(option, path);
    }

    /**
     * The real path of a file or folder that may not exist yet: its own real path if it exists, otherwise that of
     * its nearest existing ancestor with the remaining names appended.
     * @param path a path
     * @return the absolute path with every existing part resolved as the file system does
     * @throws IOException if an existing part cannot be resolved
     */
    public static Path realPath(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        try {
            return absolute.toRealPath();
        } catch (NoSuchFileException e) {
            Path parent = absolute.getParent();
            if (parent == null) {
                return absolute.normalize();
            }
            return realPath(parent).resolve(absolute.getFileName().toString()).normalize();
        }
    }

    /**
     * Refuses an output file that is one of the inputs.
     * @param command the command, for the message
     * @param option the output's option (e.g. {@code --out})
     * @param output the output file
     * @param inputs the command's inputs (null paths and inputs that do not exist are skipped)
     * @throws CliUsageException if the output resolves to an input
     * @throws IOException if a path cannot be resolved
     */
    public static void requireFileNotInput(String command, String option, Path output, Input... inputs)
            throws IOException {
        require(command, option, output, false, List.of(inputs));
    }

    /**
     * Refuses an output folder that is one of the inputs or holds one: the run writes into it and, with
     * {@code --overwrite}, replaces its files.
     * @param command the command, for the message
     * @param option the output's option (e.g. {@code --out})
     * @param output the output folder
     * @param inputs the command's inputs (null paths and inputs that do not exist are skipped)
     * @throws CliUsageException if the output is an input or holds one
     * @throws IOException if a path cannot be resolved
     */
    public static void requireFolderNotInput(String command, String option, Path output, List<Input> inputs)
            throws IOException {
        require(command, option, output, true, inputs);
    }

    private static void require(String command, String option, Path output, boolean folder, List<Input> inputs)
            throws IOException {
        if (output == null) {
            return;
        }
        Path out = realPath(output);
        for (Input in : inputs) {
            if (in.path() == null || !Files.exists(in.path())) {
                continue; // nothing there to destroy; the command reports a missing input itself
            }
            Path real = in.path().toRealPath();
            if (real.equals(out)) {
                throw new CliUsageException(command + ": " + option + " " + output + " is the " + in.option()
                        + (Files.isDirectory(real) ? " folder " : " file ") + in.path() + " (both are " + real
                        + "); writing it would destroy the input. Give another " + option + ".", null);
            }
            if (folder && real.startsWith(out)) {
                throw new CliUsageException(command + ": " + option + " " + output + " holds the " + in.option() + " "
                        + in.path() + " (" + real + "); the run would write over its own input. Give another "
                        + option + ", or move the input out of it.", null);
            }
        }
    }

    /**
     * The configuration files named on a command line ({@code --config}, {@code --config-file} or {@code -c}, each a
     * comma-separated list): inputs of {@code train} and {@code select}.
     * @param args the command line as OLCUT reads it
     * @return one input per named file
     */
    public static List<Input> configFiles(String[] args) {
        List<Input> files = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config") || args[i].equals("--config-file") || args[i].equals("-c")) {
                for (String name : args[i + 1].split(",")) {
                    if (!name.isBlank()) {
                        files.add(input("--config", Path.of(name.trim())));
                    }
                }
            }
        }
        return files;
    }

    /**
     * The inputs of a command driven by a configuration: its configuration files and every file a component's
     * property names once the global properties are resolved ({@code ${data.dir}/train.csv}, a model to fine-tune,
     * ...), so that an output that would overwrite a data file named only inside the configuration is refused too.
     * @param args the command line
     * @param cm its configuration, with the command line's properties applied
     * @return the inputs
     */
    public static List<Input> configurationInputs(String[] args, ConfigurationManager cm) {
        List<Input> inputs = new ArrayList<>(configFiles(args));
        for (String component : cm.getComponentNames()) {
            cm.getConfigurationData(component).ifPresent(data -> data.getProperties().forEach((field, property) -> {
                if (property instanceof SimpleProperty simple) {
                    String value = cm.getImmutableGlobalProperties().replaceGlobalProperties(component, field,
                            simple.getValue());
                    Path path = existingFile(value);
                    if (path != null) {
                        inputs.add(input(component + "." + field, path));
                    }
                }
            }));
        }
        return inputs;
    }

    /** The file a configured value names, or null if it names none (a number, a word, a missing path). */
    private static Path existingFile(String value) {
        if (value == null || value.isBlank() || value.length() > 4096) {
            return null;
        }
        try {
            Path path = Path.of(value);
            return Files.isRegularFile(path) ? path : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
