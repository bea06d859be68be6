package dev.tribuoctr.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tribuoctr.ctr.data.DataFiles;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provenance of a Spark protocol run as JSON: each input with its size and SHA-256 hash (the hash the
 * single-machine sources record), the settings, the output folders, the counts and the Spark version.
 */
final class RunProvenance {
    private final Map<String, Object> root = new LinkedHashMap<>();

    /**
     * @param format the input layout and files
     * @param settings the protocol settings, in the order to record
     */
    RunProvenance(ClickFormat format, Map<String, Object> settings) {
        root.put("job", SparkLeaveLastOut.class.getName());
        root.put("layout", format.layout());
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (String file : format.filesRead()) {
            Path path = Path.of(file);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("file", path.toAbsolutePath().toString());
            try {
                input.put("bytes", Files.size(path));
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read " + path, e);
            }
            input.put("sha256", DataFiles.sha256(path));
            inputs.add(input);
        }
        root.put("inputs", inputs);
        root.put("settings", settings);
    }

    /**
     * Records the output folders.
     * @param outputs folder (relative to the output) → its form, in the order to record
     */
    void outputs(Map<String, String> outputs) {
        root.put("outputs", outputs);
    }

    /**
     * Records the counts of the run.
     * @param counts name → count, in the order to record
     */
    void counts(Map<String, Long> counts) {
        root.put("counts", counts);
    }

    /**
     * Writes the JSON to a file of the output folder (any file system Spark's Hadoop configuration reaches).
     * @param spark the session
     * @param file the file
     */
    void write(SparkSession spark, String file) {
        root.put("sparkVersion", spark.version());
        root.put("created", Instant.now().toString());
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        try (FSDataOutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration())
                .create(path, true)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((java.io.OutputStream) out, root);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write " + file, e);
        }
    }
}
