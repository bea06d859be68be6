package dev.tribuoctr.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Optional;

/**
 * The input schema an exported file records in its {@code metadata_props} (key {@link #METADATA_KEY}): the model
 * kind, the Tribuo field names, the history length {@code T} the model was trained with, and every input. Serving
 * code (and {@link OnnxCtrModel}) maps examples onto the graph with it.
 * @param formatVersion the schema format, {@link #FORMAT_VERSION}
 * @param kind {@link #CTR} (interest model) or {@link #FIELD} (LPFS field model)
 * @param itemField the item feature field (CTR models), else null
 * @param attributeFields the attribute fields (CTR models), else empty
 * @param historyField the history feature field (CTR models), else null
 * @param maxHistoryLength {@code T}; longer histories are cut to their most recent {@code T} in the graph
 * @param pooling the history pooling (CTR models), else null
 * @param inputs the graph's inputs in order
 * @param output the output's name
 */
public record OnnxSchema(int formatVersion, String kind, String itemField, List<String> attributeFields,
                         String historyField, int maxHistoryLength, String pooling, List<OnnxInput> inputs,
                         String output) {
    /** Metadata key of the schema. */
    public static final String METADATA_KEY = "TRIBUO_CTR_SCHEMA";
    /** Metadata key of the note that says what the graph does to its numeric inputs ({@link #numericInputsNote()}). */
    public static final String NUMERIC_TRANSFORMS_KEY = "TRIBUO_CTR_NUMERIC_TRANSFORMS";
    /** Metadata key of the producing library's version. */
    public static final String VERSION_KEY = "TRIBUO_CTR_VERSION";
    /** Current schema format. */
    public static final int FORMAT_VERSION = 1;
    /** Kind of an interest (DIN / Meta-Wrapper / Base) model. */
    public static final String CTR = "ctr";
    /** Kind of an LPFS gated or pruned field model. */
    public static final String FIELD = "field";
    /** Name of the output, the click probability [B]. */
    public static final String OUTPUT = "ctr";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Copies the lists. */
    public OnnxSchema {
        attributeFields = List.copyOf(attributeFields);
        inputs = List.copyOf(inputs);
    }

    /**
     * @param role a role
     * @return the inputs with that role, in order
     */
    public List<OnnxInput> inputs(OnnxInput.Role role) {
        return inputs.stream().filter(i -> i.role() == role).toList();
    }

    /**
     * @param role a role
     * @param field a field
     * @return the input with that role for that field, if any
     */
    public Optional<OnnxInput> input(OnnxInput.Role role, String field) {
        return inputs.stream().filter(i -> i.role() == role && i.field().equals(field)).findFirst();
    }

    /**
     * The text of the {@value #NUMERIC_TRANSFORMS_KEY} metadata entry: for each numeric input, the transform the graph
     * applies to its raw value, or, for a model that records none, that the values are taken as they are.
     * @return the note
     */
    public String numericInputsNote() {
        List<OnnxInput> numeric = inputs(OnnxInput.Role.NUMERIC);
        if (numeric.isEmpty()) {
            return "No numeric inputs.";
        }
        List<String> recorded = numeric.stream().filter(i -> i.transform() != null)
                .map(i -> i.name() + ": " + i.numericTransform("the schema").formula()).toList();
        List<String> asTheyAre = numeric.stream().filter(i -> i.transform() == null).map(OnnxInput::name).toList();
        StringBuilder note = new StringBuilder();
        if (!recorded.isEmpty()) {
            note.append("The graph applies each numeric input's training transform to the raw value (x): feed raw"
                    + " values. ").append(String.join("; ", recorded)).append('.');
        }
        if (!asTheyAre.isEmpty()) {
            note.append(note.length() > 0 ? " " : "").append("Numeric inputs ").append(asTheyAre)
                    .append(" are taken as they are: the model records no transform of its data source (it was"
                            + " trained before transforms were recorded, or is not a field model), so feed the values"
                            + " its training examples held, after any transform the source applied (such as"
                            + " CriteoDataSource's log(1 + max(x, 0))); a field model retrained now applies it itself.");
        }
        return note.toString();
    }

    /** @return the schema as JSON */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the ONNX schema as JSON", e);
        }
    }

    /**
     * @param json a schema written by {@link #toJson()}
     * @return the schema
     * @throws IllegalArgumentException if the text is not a schema of a known format
     */
    public static OnnxSchema fromJson(String json) {
        OnnxSchema schema;
        try {
            schema = JSON.readValue(json, OnnxSchema.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable " + METADATA_KEY + " metadata: " + e.getOriginalMessage(), e);
        }
        if (schema.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException("Schema format " + schema.formatVersion() + " is not supported (this"
                    + " library reads format " + FORMAT_VERSION + "); export the model again with this version");
        }
        if (!CTR.equals(schema.kind()) && !FIELD.equals(schema.kind())) {
            throw new IllegalArgumentException("Unknown model kind '" + schema.kind() + "' in " + METADATA_KEY);
        }
        return schema;
    }
}
