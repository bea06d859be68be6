package dev.tribuoctr.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribuoctr.ctr.train.EpochStats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a training run: {@code metrics.json} (one object, or an array of objects as {@code compare} writes)
 * and {@code history.json} (one object per epoch). Non-finite numbers are written as {@code null}.
 */
public final class RunFiles {
    /** A run's metrics file. */
    public static final String METRICS = "metrics.json";
    /** A run's per-epoch history file. */
    public static final String HISTORY = "history.json";
    /** The JSON mapper of every file the command line writes (indented). */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() { }

    /**
     * Puts a number, or null where it does not exist (NaN, infinite).
     * @param node the object
     * @param key the key
     * @param value the value
     */
    public static void put(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /**
     * @param node an object
     * @param key a key
     * @return its number, or NaN where it is missing or not a number
     */
    public static double number(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }

    /**
     * @param history a training history
     * @return it as a JSON array, one object per epoch
     */
    public static ArrayNode history(List<EpochStats> history) {
        ArrayNode array = MAPPER.createArrayNode();
        for (EpochStats s : history) {
            ObjectNode o = array.addObject();
            o.put("epoch", s.epoch());
            o.put("steps", s.steps());
            put(o, "train_loss", s.trainLossIn());
            put(o, "train_loss_out", s.trainLossOut());
            put(o, "validation_logloss", s.validationLogLoss());
            put(o, "validation_auc", s.validationAuc());
            put(o, "examples_per_second", s.examplesPerSecond());
        }
        return array;
    }

    /**
     * @param file a metrics.json
     * @return its rows: the object itself, or the objects of its array
     */
    public static List<ObjectNode> metricsRows(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a metrics.json file (" + e.getOriginalMessage() + ")", e);
        } catch (java.io.FileNotFoundException e) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no metrics.json there");
        }
        List<ObjectNode> rows = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(n -> rows.add((ObjectNode) n));
        } else if (root.isObject()) {
            rows.add((ObjectNode) root);
        } else {
            throw new IOException(file + " holds neither a JSON object nor an array");
        }
        return rows;
    }

    /**
     * @param file a metrics.json (train or compare output)
     * @return the test AUC of its Base row (the only row of a train run's file)
     */
    public static double baseAuc(Path file) throws IOException {
        List<ObjectNode> rows = metricsRows(file);
        for (ObjectNode row : rows) {
            if (rows.size() == 1 || "Base".equalsIgnoreCase(row.path("method").asText())) {
                return number(row, "test_auc");
            }
        }
        throw new IOException(file + " has no row with method \"Base\"");
    }
}
