package dev.tribuoctr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.Pooling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the golden vectors in the test resources ({@code golden/}, see design §3.8 and §6.3) into the engine's types.
 */
final class GoldenVectors {
    private GoldenVectors() { }

    /** Per-tensor tolerance of design §3.8 (docs/design/meta-gradient.md): ‖got − want‖ ≤ 1e-6·‖want‖ + 1e-12. */
    static final double RELATIVE = 1e-6;

    static JsonNode load(String resource) {
        try (InputStream in = GoldenVectors.class.getResourceAsStream("/golden/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource /golden/" + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON number, vector or matrix as a float64 matrix (vectors become one row, biases [1, n]). */
    static INDArray matrix(JsonNode node) {
        if (node.isNumber()) {
            return Nd4j.create(new double[]{node.asDouble()}, new long[]{1, 1}, 'c');
        }
        if (node.get(0).isArray()) {
            int rows = node.size();
            int cols = node.get(0).size();
            double[] v = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    v[r * cols + c] = node.get(r).get(c).asDouble();
                }
            }
            return Nd4j.create(v, new long[]{rows, cols}, 'c');
        }
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asDouble();
        }
        return Nd4j.create(v, new long[]{1, v.length}, 'c');
    }

    static ParameterSet parameters(JsonNode node) {
        ParameterSet p = new ParameterSet();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            p.put(e.getKey(), matrix(e.getValue()).castTo(DataType.DOUBLE));
        }
        return p;
    }

    private static int[] ints(JsonNode node) {
        int rows = node.size();
        if (rows > 0 && node.get(0).isArray()) {
            int cols = node.get(0).size();
            int[] v = new int[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    v[r * cols + c] = node.get(r).get(c).asInt();
                }
            }
            return v;
        }
        int[] v = new int[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = node.get(i).asInt();
        }
        return v;
    }

    /** The golden batch as an encoded CtrBatch: one attribute group (cate), one context field (user). */
    static CtrBatch batch(JsonNode node) {
        int b = node.get("item").size();
        int t = node.get("hist_item").get(0).size();
        int[] hist = ints(node.get("hist_item"));
        double[] mask = matrix(node.get("mask")).data().asDouble();
        for (int i = 0; i < hist.length; i++) {
            // The golden mask is exactly "history item is not padding", which CtrBatch encodes implicitly.
            assertTrue((hist[i] != 0) == (mask[i] != 0.0), "golden mask disagrees with padding at " + i);
        }
        float[] labels = new float[b];
        float[] ones = new float[b];
        for (int i = 0; i < b; i++) {
            labels[i] = (float) node.get("label").get(i).asDouble();
            ones[i] = 1f;
        }
        return new CtrBatch(b, t, ints(node.get("item")), new int[][]{ints(node.get("cate"))}, hist,
                new int[][]{ints(node.get("hist_cate"))}, new int[][]{ints(node.get("user"))}, new float[][]{ones},
                new int[]{1}, new float[0], 0, labels);
    }

    static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Asserts the per-tensor norm criterion of design §3.8 (docs/design/meta-gradient.md) and returns the relative error for reporting. */
    static double assertClose(String what, INDArray want, INDArray got) {
        INDArray w = want.castTo(DataType.DOUBLE).reshape(want.length());
        INDArray g = got.castTo(DataType.DOUBLE).reshape(got.length());
        assertTrue(w.length() == g.length(), what + ": length " + g.length() + " != " + w.length());
        double diff = w.sub(g).norm2Number().doubleValue();
        double ref = w.norm2Number().doubleValue();
        assertTrue(diff <= RELATIVE * ref + 1e-12,
                what + ": ‖got − want‖ = " + diff + " > 1e-6·‖want‖ + 1e-12 = " + (RELATIVE * ref + 1e-12));
        return ref == 0 ? diff : diff / ref;
    }

    /**
     * @param golden the Meta-Wrapper golden file
     * @param pooling the pooling
     * @return the interest model's architecture at the golden file's sizes
     */
    static InterestArchitecture interestArchitecture(JsonNode golden, Pooling pooling) {
        JsonNode s = golden.get("sizes");
        return new InterestArchitecture(s.get("V_item").asInt(), s.get("d").asInt(),
                List.of("cate"), new int[]{s.get("V_cate").asInt()}, new int[]{s.get("d").asInt()},
                List.of("user"), new int[]{s.get("V_user").asInt()}, new int[]{s.get("d_user").asInt()}, 0,
                new int[]{s.get("Hs1").asInt(), s.get("Hs2").asInt()}, new int[]{s.get("H1").asInt(), s.get("H2").asInt()},
                pooling);
    }

    /**
     * @param golden the Meta-Wrapper golden file
     * @param pooling the pooling (SUM has no selector parameters)
     * @param type the data type of the returned tensors
     * @return the golden parameters for that pooling
     */
    static ParameterSet interestParameters(JsonNode golden, Pooling pooling, DataType type) {
        ParameterSet all = parameters(golden.get("params"));
        ParameterSet p = pooling.usesSelector() ? all
                : all.subset(n -> !InterestArchitecture.isSelector(n));
        if (type == DataType.DOUBLE) {
            return p;
        }
        ParameterSet cast = new ParameterSet();
        p.asMap().forEach((k, v) -> cast.put(k, v.castTo(type).dup('c')));
        return cast;
    }
}
