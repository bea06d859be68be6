package dev.tribuoctr.examples.commands;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Production serving with nothing but ONNX Runtime Java (no Tribuo or ND4J classes): an exported model takes raw
 * feature strings and returns click probabilities. Inputs are named by the model's fields ({@code item}, attribute
 * fields such as {@code cate}, {@code history}, context fields, numeric features); string inputs of rank 1 take a
 * {@code String[]} (one value per request), rank 2 a rectangular {@code String[][]} padded with "" (the history
 * most recent first), float inputs a {@code float[]} or {@code float[][]}. Numeric inputs take the raw published
 * values: the graph applies the transform the model's data source applied in training (the file's
 * {@code TRIBUO_CTR_NUMERIC_TRANSFORMS} metadata says which).
 * <p>
 * Run {@code java -cp tribuo-ctr-examples.jar dev.tribuoctr.examples.commands.PlainOnnxScorer model.onnx item=42 cate=7
 * history=17|9|3 user=u5} to score one request ('|' separates the values of a rank-2 input). Thread safe.
 */
public final class PlainOnnxScorer implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, TensorInfo> inputs = new LinkedHashMap<>();

    /**
     * @param model the .onnx file
     * @param threads ONNX Runtime intra-op threads (0 = its default)
     * @throws OrtException if ONNX Runtime cannot load the file
     */
    public PlainOnnxScorer(Path model, int threads) throws OrtException {
        this(threads, (env, options) -> env.createSession(model.toString(), options));
    }

    /**
     * Scores a model already read (and checked): the bytes served are the bytes checked, whatever happens to the file.
     * @param model the .onnx file's bytes
     * @param threads ONNX Runtime intra-op threads (0 = its default)
     * @throws OrtException if ONNX Runtime cannot load them
     */
    public PlainOnnxScorer(byte[] model, int threads) throws OrtException {
        this(threads, (env, options) -> env.createSession(model, options));
    }

    /** How a session is made from the environment and options. */
    private interface SessionSource {
        OrtSession open(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    private PlainOnnxScorer(int threads, SessionSource source) throws OrtException {
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            this.session = source.open(env, options);
        }
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            inputs.put(e.getKey(), (TensorInfo) e.getValue().getInfo());
        }
    }

    /** @return the input names, in the graph's order */
    public List<String> inputNames() {
        return Collections.unmodifiableList(new ArrayList<>(inputs.keySet()));
    }

    /** @param input an input name @return whether it takes strings (else floats) */
    public boolean isString(String input) {
        return info(input).type == OnnxJavaType.STRING;
    }

    /** @param input an input name @return 1 ([batch]) or 2 ([batch, length]) */
    public int rank(String input) {
        return info(input).getShape().length;
    }

    private TensorInfo info(String input) {
        TensorInfo info = inputs.get(input);
        if (info == null) {
            throw new IllegalArgumentException("The model has no input '" + input + "'; its inputs are " + inputs.keySet());
        }
        return info;
    }

    /**
     * Scores a batch.
     * @param columns one array per input (String[], String[][], float[] or float[][]), all of the same batch size
     * @return the click probability of each request
     * @throws OrtException if ONNX Runtime fails
     * @throws IllegalArgumentException if an input is missing or unknown
     */
    public float[] score(Map<String, Object> columns) throws OrtException {
        for (String name : columns.keySet()) {
            info(name);
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (String name : inputs.keySet()) {
                Object column = columns.get(name);
                if (column == null) {
                    throw new IllegalArgumentException("Missing input '" + name + "' (the model needs " + inputs.keySet() + ")");
                }
                feed.put(name, OnnxTensor.createTensor(env, column));
            }
            try (OrtSession.Result result = session.run(feed)) {
                return (float[]) result.get(0).getValue();
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    /**
     * Scores one request given as {@code name=value} arguments.
     * @param args the model file, then one {@code name=value} per input
     * @throws OrtException if ONNX Runtime fails
     */
    public static void main(String[] args) throws OrtException {
        if (args.length < 1) {
            System.err.println("Usage: PlainOnnxScorer MODEL.onnx name=value ... ('|' separates values of [batch, length] inputs)");
            System.exit(2);
        }
        try (PlainOnnxScorer scorer = new PlainOnnxScorer(Path.of(args[0]), 0)) {
            Map<String, Object> columns = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("Expected name=value, got '" + args[i] + "'");
                }
                String name = args[i].substring(0, eq);
                String value = args[i].substring(eq + 1);
                String[] values = value.split("\\|", -1);
                if (scorer.isString(name)) {
                    columns.put(name, scorer.rank(name) == 1 ? new String[]{value} : new String[][]{values});
                } else {
                    float[] floats = new float[values.length];
                    for (int j = 0; j < floats.length; j++) {
                        floats[j] = (float) dev.tribuoctr.ctr.data.DecimalText.parseFinite(values[j]);
                    }
                    columns.put(name, scorer.rank(name) == 1 ? new float[]{floats[0]} : new float[][]{floats});
                }
            }
            for (String name : scorer.inputNames()) {
                columns.putIfAbsent(name, scorer.isString(name)
                        ? (scorer.rank(name) == 1 ? new String[]{""} : new String[][]{{""}})
                        : (scorer.rank(name) == 1 ? new float[]{0f} : new float[][]{{0f}}));
            }
            System.out.println(scorer.score(columns)[0]);
        }
    }
}
