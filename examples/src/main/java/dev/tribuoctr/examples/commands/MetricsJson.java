package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.cli.RunFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes comparison results as {@code metrics.json}: a JSON array with one object per method.
 */
public final class MetricsJson {
    /** File name written into the output directory. */
    public static final String FILE_NAME = "metrics.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJson() { }

    /**
     * Writes {@code metrics.json} into a run folder (atomically).
     * @param folder the run folder
     * @param results the rows
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public static Path write(RunFolder folder, List<MethodResult> results) throws IOException {
        com.fasterxml.jackson.databind.node.ArrayNode rows = MAPPER.valueToTree(results);
        for (com.fasterxml.jackson.databind.JsonNode row : rows) { // values that do not exist are null, not NaN
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) row;
            o.properties().stream().filter(e -> e.getValue().isNumber() && !Double.isFinite(e.getValue().asDouble()))
                    .map(java.util.Map.Entry::getKey).toList().forEach(o::putNull);
        }
        return folder.writeJson(FILE_NAME, rows);
    }
}
