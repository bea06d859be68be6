package dev.tribuoctr.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.tribuoctr.ctr.encoding.CtrExampleReader;
import dev.tribuoctr.ctr.encoding.CtrExampleReader.CtrExampleValues;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.encoding.UnknownFeatures;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Tribuo examples onto an exported graph's inputs, as training encoded them: CTR examples through
 * {@link CtrExampleReader} (same checks, history order, repeats dropped, most recent {@code T} kept, features of
 * fields the model does not have ignored, counted and logged once per field, as {@code CtrModel} does); field-model
 * examples by field, ignoring fields the model does not have (as the field model does). Numeric values, which the
 * examples hold as their data source made them, are fed as the raw values the graph's recorded transform maps to
 * them ({@link NumericTransform#rawValueOf}), so the served model scores the source's examples as the Java model
 * does. Thread safe.
 */
final class ExampleInputs {
    private final OnnxSchema schema;
    private final List<OnnxInput> categorical;
    private final List<OnnxInput> numeric;
    private final Map<String, Integer> categoricalIndex = new HashMap<>();
    private final Map<String, Integer> numericIndex = new HashMap<>();
    private final Map<String, OnnxInput> weightInputs = new HashMap<>();
    /** Per numeric input, the transform the graph applies to raw values (identity when none is recorded). */
    private final Map<String, NumericTransform> transforms = new HashMap<>();
    private final ThreadLocal<CtrExampleReader> readers;
    private final UnknownFeatures unknown;

    ExampleInputs(OnnxSchema schema) {
        this.schema = schema;
        this.categorical = schema.inputs(OnnxInput.Role.CATEGORICAL);
        this.numeric = schema.inputs(OnnxInput.Role.NUMERIC);
        for (int i = 0; i < categorical.size(); i++) {
            categoricalIndex.put(categorical.get(i).field(), i);
        }
        for (int i = 0; i < numeric.size(); i++) {
            numericIndex.put(numeric.get(i).field(), i);
            transforms.put(numeric.get(i).name(), numeric.get(i).numericTransform("the ONNX schema"));
        }
        for (OnnxInput w : schema.inputs(OnnxInput.Role.WEIGHT)) {
            weightInputs.put(w.field(), w);
        }
        if (OnnxSchema.CTR.equals(schema.kind())) {
            List<String> contextFields = categorical.stream().map(OnnxInput::field).toList();
            List<String> numericNames = numeric.stream().map(OnnxInput::field).toList();
            CtrSchema ctrSchema = new CtrSchema(schema.itemField(), schema.attributeFields(), schema.historyField(),
                    schema.maxHistoryLength(), contextFields, numericNames, 1);
            this.unknown = new UnknownFeatures("Exported CTR model (context fields " + contextFields + ")");
            this.readers = ThreadLocal.withInitial(() -> new CtrExampleReader(ctrSchema, contextFields, numericNames,
                    unknown));
        } else {
            this.unknown = null;
            this.readers = null;
        }
    }

    /**
     * @return the features a CTR model's examples carried of fields it does not have, ignored and counted; null for a
     *         field model (which ignores the fields it pruned or never had without counting)
     */
    UnknownFeatures unknownFeatures() {
        return unknown;
    }

    /**
     * @param env the ONNX Runtime environment
     * @param examples examples
     * @param from first example
     * @param to one past the last
     * @return one tensor per graph input; the caller closes them
     * @throws OrtException if a tensor cannot be created
     * @throws IllegalArgumentException if an example does not fit the model (position and field named)
     */
    Map<String, OnnxTensor> tensors(OrtEnvironment env, List<? extends Example<Label>> examples, int from, int to)
            throws OrtException {
        List<CtrExampleValues> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            rows.add(readers != null ? readers.get().read(examples.get(i), i) : readFields(examples.get(i)));
        }
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        try {
            for (OnnxInput input : schema.inputs()) {
                out.put(input.name(), tensor(env, input, rows, from));
            }
        } catch (OrtException | RuntimeException e) {
            out.values().forEach(OnnxTensor::close);
            throw e;
        }
        return out;
    }

    private OnnxTensor tensor(OrtEnvironment env, OnnxInput input, List<CtrExampleValues> rows, int from)
            throws OrtException {
        int b = rows.size();
        switch (input.role()) {
            case ITEM: {
                String[] items = new String[b];
                for (int i = 0; i < b; i++) {
                    items[i] = rows.get(i).item();
                }
                return OnnxTensor.createTensor(env, items);
            }
            case ATTRIBUTE: {
                int a = schema.attributeFields().indexOf(input.field());
                String[] values = new String[b];
                for (int i = 0; i < b; i++) {
                    String v = rows.get(i).attributes().get(a);
                    values[i] = v == null ? "" : v;
                }
                return OnnxTensor.createTensor(env, values);
            }
            case HISTORY: {
                List<List<String>> lists = new ArrayList<>(b);
                rows.forEach(r -> lists.add(r.history()));
                return OnnxTensor.createTensor(env, padded(lists));
            }
            case CATEGORICAL:
                return categoricalTensor(env, input, rows, from);
            case WEIGHT:
                return weightTensor(env, input, rows);
            case NUMERIC:
                return numericTensor(env, input, rows, from);
            default:
                throw new IllegalStateException("Unknown input role " + input.role());
        }
    }

    /**
     * An example holds the value its data source made, already transformed; the graph applies the transform to raw
     * values, so each value is fed as a raw value the transform maps to it.
     */
    private OnnxTensor numericTensor(OrtEnvironment env, OnnxInput input, List<CtrExampleValues> rows, int from)
            throws OrtException {
        int n = numericIndex.get(input.field());
        NumericTransform transform = transforms.get(input.name());
        float[] values = new float[rows.size()];
        for (int i = 0; i < values.length; i++) {
            float value = rows.get(i).numeric()[n];
            try {
                values[i] = (float) transform.rawValueOf(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Example " + (from + i) + " has value " + value + " for numeric"
                        + " field '" + input.field() + "', but the model was trained on values its data source made"
                        + " with " + transform.formula() + ": " + e.getMessage(), e);
            }
        }
        return OnnxTensor.createTensor(env, values);
    }

    private OnnxTensor categoricalTensor(OrtEnvironment env, OnnxInput input, List<CtrExampleValues> rows, int from)
            throws OrtException {
        int f = categoricalIndex.get(input.field());
        boolean weighted = weightInputs.containsKey(input.field());
        List<List<String>> lists = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<String> values = rows.get(i).contextValues().get(f);
            if (input.rank() == 1 && values.size() > 1) {
                throw new IllegalArgumentException("Example " + (from + i) + " has " + values.size() + " values of field '"
                        + input.field() + "' " + values + ", but the exported model takes one (the field never held"
                        + " more than one value per example in training)");
            }
            if (!weighted) {
                for (float w : rows.get(i).contextWeights().get(f)) {
                    if (w != 1f) {
                        throw new IllegalArgumentException("Example " + (from + i) + " has feature value " + w
                                + " for field '" + input.field() + "', but the exported model only takes value 1"
                                + " there (the field's values were all 1 in training)");
                    }
                }
            }
            lists.add(values);
        }
        if (input.rank() == 1) {
            String[] single = new String[lists.size()];
            for (int i = 0; i < single.length; i++) {
                single[i] = lists.get(i).isEmpty() ? "" : lists.get(i).get(0);
            }
            return OnnxTensor.createTensor(env, single);
        }
        return OnnxTensor.createTensor(env, padded(lists));
    }

    private OnnxTensor weightTensor(OrtEnvironment env, OnnxInput input, List<CtrExampleValues> rows)
            throws OrtException {
        int f = categoricalIndex.get(input.field());
        int width = 1;
        for (CtrExampleValues r : rows) {
            width = Math.max(width, r.contextWeights().get(f).size());
        }
        float[][] weights = new float[rows.size()][width];
        for (int i = 0; i < rows.size(); i++) {
            List<Float> w = rows.get(i).contextWeights().get(f);
            for (int j = 0; j < w.size(); j++) {
                weights[i][j] = w.get(j);
            }
        }
        if (input.rank() == 1) {
            float[] single = new float[rows.size()];
            for (int i = 0; i < single.length; i++) {
                single[i] = weights[i][0];
            }
            return OnnxTensor.createTensor(env, single);
        }
        return OnnxTensor.createTensor(env, weights);
    }

    /** Rows padded with "" to the longest (at least one column: ONNX Runtime needs no empty dimensions). */
    private static String[][] padded(List<List<String>> lists) {
        int width = 1;
        for (List<String> l : lists) {
            width = Math.max(width, l.size());
        }
        String[][] out = new String[lists.size()][width];
        for (int i = 0; i < out.length; i++) {
            List<String> l = lists.get(i);
            for (int j = 0; j < width; j++) {
                out[i][j] = j < l.size() ? l.get(j) : "";
            }
        }
        return out;
    }

    /** A field-model example as values by field; fields the model does not have are ignored. */
    private CtrExampleValues readFields(Example<Label> example) {
        List<List<String>> values = new ArrayList<>(categorical.size());
        List<List<Float>> weights = new ArrayList<>(categorical.size());
        for (int f = 0; f < categorical.size(); f++) {
            values.add(new ArrayList<>(1));
            weights.add(new ArrayList<>(1));
        }
        float[] numbers = new float[numeric.size()];
        for (Feature feature : example) {
            String name = feature.getName();
            int at = name.indexOf('@');
            if (at < 0) {
                Integer n = numericIndex.get(name);
                if (n != null) {
                    numbers[n] = (float) feature.getValue();
                }
                continue;
            }
            Integer f = categoricalIndex.get(name.substring(0, at));
            if (f != null) {
                values.get(f).add(name.substring(at + 1));
                weights.get(f).add((float) feature.getValue());
            }
        }
        return new CtrExampleValues(null, List.of(), List.of(), values, weights, numbers);
    }
}
