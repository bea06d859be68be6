package dev.tribuoctr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.InterestNetwork;
import dev.tribuoctr.ctr.model.NetworkInput;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.FiniteDifference;
import dev.tribuoctr.ctr.train.MetaGradient;
import dev.tribuoctr.ctr.train.MetaSettings;
import dev.tribuoctr.ctr.train.WrappingOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.tribuoctr.conformance.GoldenVectors.assertClose;
import static dev.tribuoctr.conformance.GoldenVectors.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the interest model and the wrapping operator to {@code golden/metawrapper-gradients.json} (design §2–3: docs/design/interest-model.md, meta-gradient.md):
 * forward logits of the three poolings, losses and every gradient of the six configurations, and a 3-step SGD
 * trajectory, all in float64 with fdScale 1e-4, per tensor to 1e-6 relative in norm.
 */
class MetaWrapperGoldenTest {
    private static final double FD_SCALE = 1e-4;
    private static JsonNode golden;
    private static NetworkInput in;
    private static NetworkInput out;

    @BeforeAll
    static void load() {
        golden = GoldenVectors.load("metawrapper-gradients.json");
        in = NetworkInput.of(GoldenVectors.batch(golden.get("batch_in")), DataType.DOUBLE);
        out = NetworkInput.of(GoldenVectors.batch(golden.get("batch_out")), DataType.DOUBLE);
    }

    private static InterestArchitecture architecture(Pooling pooling) {
        return GoldenVectors.interestArchitecture(golden, pooling);
    }

    private static ParameterSet parameters(Pooling pooling) {
        return GoldenVectors.interestParameters(golden, pooling, DataType.DOUBLE);
    }

    @Test
    void architectureNamesAndShapesMatchTheGoldenParameters() {
        ParameterSet p = GoldenVectors.parameters(golden.get("params"));
        architecture(Pooling.ATTENTION).parameterShapes().forEach((name, shape) -> {
            long[] got = p.get(name).shape();
            assertEquals(shape[0] * shape[1], got[0] * got[1], name);
        });
        assertEquals(p.size(), architecture(Pooling.ATTENTION).parameterShapes().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"attention", "sum", "softmax"})
    void forwardLogits(String pooling) {
        Pooling p = Pooling.valueOf(pooling.toUpperCase());
        InterestNetwork net = new InterestNetwork(architecture(p));
        assertClose("logits " + pooling, matrix(golden.get("logits_in").get(pooling)), net.logits(parameters(p), in));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void lossesAndGradients(int caseIndex) {
        JsonNode c = golden.get("cases").get(caseIndex);
        JsonNode cfg = c.get("config");
        Pooling pooling = cfg.has("normalize") ? Pooling.valueOf(cfg.get("normalize").asText().toUpperCase()) : Pooling.ATTENTION;
        MetaSettings settings = new MetaSettings(cfg.get("mu").asDouble(), cfg.get("beta").asDouble(), cfg.get("N").asInt(),
                !cfg.has("second_order") || cfg.get("second_order").asBoolean(), FD_SCALE);
        WrappingOperator op = new WrappingOperator(new InterestNetwork(architecture(pooling)), settings);
        MetaGradient g = op.compute(parameters(pooling), in, out);
        String name = c.get("name").asText();
        assertEquals(c.get("loss_in").asDouble(), g.lossIn(), 1e-9 * Math.abs(c.get("loss_in").asDouble()), name + " loss_in");
        if (!c.get("loss_out_after_inner").isNull()) {
            double want = c.get("loss_out_after_inner").asDouble();
            assertEquals(want, g.lossOutAfterInner(), 1e-9 * Math.abs(want), name + " loss_out_after_inner");
        }
        checkGradients(name + " θ", c.get("grad_theta"), g.gradTheta());
        checkGradients(name + " φ", c.get("grad_phi"), g.gradPhi());
    }

    private static void checkGradients(String what, JsonNode want, ParameterSet got) {
        List<String> names = GoldenVectors.names(want);
        assertEquals(names.size(), got.size(), what + ": tensors " + got.names() + " vs " + names);
        for (String n : names) {
            assertClose(what + " " + n, matrix(want.get(n)), got.get(n));
        }
    }

    /**
     * Forward differences are a speed option exact only to O(ε): on the golden data they must land near the exact
     * meta-gradient (1e-3 relative per tensor at fdScale 1e-4), and measurably off it, unlike central differences.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void forwardDifferencesApproximateTheMetaGradient(int caseIndex) {
        JsonNode c = golden.get("cases").get(caseIndex);
        JsonNode cfg = c.get("config");
        MetaSettings settings = new MetaSettings(cfg.get("mu").asDouble(), cfg.get("beta").asDouble(), cfg.get("N").asInt(),
                true, FD_SCALE, FiniteDifference.FORWARD);
        MetaGradient g = new WrappingOperator(new InterestNetwork(architecture(Pooling.ATTENTION)), settings)
                .compute(parameters(Pooling.ATTENTION), in, out);
        JsonNode want = c.get("grad_phi");
        double worst = 0;
        for (String n : GoldenVectors.names(want)) {
            INDArray w = matrix(want.get(n));
            double err = w.sub(g.gradPhi().get(n).reshape(w.shape())).norm2Number().doubleValue();
            double ref = w.norm2Number().doubleValue();
            assertTrue(err <= 1e-3 * ref + 1e-12, c.get("name").asText() + " " + n + ": forward difference error " + err);
            worst = Math.max(worst, err / ref);
        }
        assertTrue(worst > 1e-9, "forward differences should differ from the exact value at O(eps), worst " + worst);
        checkGradients(c.get("name").asText() + " θ", c.get("grad_theta"), g.gradTheta());
    }

    @Test
    void threeStepSgdTrajectory() {
        JsonNode traj = golden.get("sgd_trajectory");
        JsonNode cfg = traj.get("config");
        MetaSettings settings = new MetaSettings(cfg.get("mu").asDouble(), cfg.get("beta").asDouble(),
                cfg.get("N").asInt(), true, FD_SCALE);
        WrappingOperator op = new WrappingOperator(new InterestNetwork(architecture(Pooling.ATTENTION)), settings);
        ParameterSet params = parameters(Pooling.ATTENTION);
        double lr = cfg.get("lr").asDouble();
        for (int s = 0; s < cfg.get("steps").asInt(); s++) {
            MetaGradient g = op.compute(params, in, out);
            JsonNode want = traj.get("steps").get(s);
            assertEquals(want.get("loss_in").asDouble(), g.lossIn(), 1e-9, "step " + (s + 1) + " loss_in");
            assertEquals(want.get("loss_out_after_inner").asDouble(), g.lossOutAfterInner(), 1e-9, "step " + (s + 1) + " loss_out");
            params = params.plusScaled(-lr, g.all());
        }
        JsonNode fin = traj.get("final_params");
        for (String n : GoldenVectors.names(fin)) {
            assertClose("final " + n, matrix(fin.get(n)), params.get(n));
        }
        assertTrue(params.size() == GoldenVectors.names(fin).size());
    }
}
