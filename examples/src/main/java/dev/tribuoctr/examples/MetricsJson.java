package dev.tribuoctr.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
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
     * Writes {@code dir/metrics.json}, creating the directory if needed.
     * @param dir the output directory
     * @param results the rows
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public static Path write(Path dir, List<MethodResult> results) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        MAPPER.writeValue(file.toFile(), results);
        return file;
    }
}
