package dev.tribuoctr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.ComputeEngine;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.InterestNetwork;
import dev.tribuoctr.ctr.model.NetworkInput;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaGradient;
import dev.tribuoctr.ctr.train.MetaSettings;
import dev.tribuoctr.ctr.train.WrappingOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.tribuoctr.conformance.GoldenVectors.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the fused CPU pass, the path training takes on the CPU backend, to {@code golden/metawrapper-gradients.json}
 * in its own precision: float32 parameters and inputs, two data-parallel threads, and the trainer's default
 * finite-difference scale 1e-2 (the golden's 1e-4 is meant for float64: in float32 a perturbation that small drowns in
 * rounding). Forward logits and first-order gradients must match to 1e-5 and 2e-5 relative (float32 rounding);
 * meta-gradients, which add the O(ε²) truncation of central differences at the larger ε, to 1e-3 (measured
 * 2026-12-01: at most 1.2e-4, on the softmax case).
 * {@link MetaWrapperGoldenTest} holds the ND4J pass in float64 to 1e-6.
 */
class FusedPathGoldenTest {
    private static final double FD_SCALE = 1e-2;
    private static JsonNode golden;
    private static NetworkInput in;
    private static NetworkInput out;

    @BeforeAll
    static void load() {
        golden = GoldenVectors.load("metawrapper-gradients.json");
        in = NetworkInput.of(GoldenVectors.batch(golden.get("batch_in")), DataType.FLOAT);
        out = NetworkInput.of(GoldenVectors.batch(golden.get("batch_out")), DataType.FLOAT);
    }

    private static InterestArchitecture architecture(Pooling pooling) {
        return GoldenVectors.interestArchitecture(golden, pooling);
    }

    private static ParameterSet parameters(Pooling pooling) {
        return GoldenVectors.interestParameters(golden, pooling, DataType.FLOAT);
    }

    private static InterestNetwork fusedNetwork(Pooling pooling) {
        InterestNetwork net = new InterestNetwork(architecture(pooling), null, ComputeEngine.AUTO, 2);
        assertTrue(net.usesFusedPath(parameters(pooling)), "float32 on the CPU backend must take the fused pass");
        return net;
    }

    @ParameterizedTest
    @ValueSource(strings = {"attention", "sum", "softmax"})
    void forwardLogits(String pooling) {
        Pooling p = Pooling.valueOf(pooling.toUpperCase());
        INDArray got = fusedNetwork(p).logits(parameters(p), in);
        assertRelative("logits " + pooling, matrix(golden.get("logits_in").get(pooling)), got, 1e-5);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void lossesAndGradients(int caseIndex) {
        JsonNode c = golden.get("cases").get(caseIndex);
        JsonNode cfg = c.get("config");
        Pooling pooling = cfg.has("normalize") ? Pooling.valueOf(cfg.get("normalize").asText().toUpperCase()) : Pooling.ATTENTION;
        boolean secondOrder = !cfg.has("second_order") || cfg.get("second_order").asBoolean();
        MetaSettings settings = new MetaSettings(cfg.get("mu").asDouble(), cfg.get("beta").asDouble(), cfg.get("N").asInt(),
                secondOrder, FD_SCALE);
        MetaGradient g = new WrappingOperator(fusedNetwork(pooling), settings).compute(parameters(pooling), in, out);
        String name = c.get("name").asText();
        double lossIn = c.get("loss_in").asDouble();
        assertEquals(lossIn, g.lossIn(), 1e-6 * Math.abs(lossIn), name + " loss_in");
        if (!c.get("loss_out_after_inner").isNull()) {
            double want = c.get("loss_out_after_inner").asDouble();
            assertEquals(want, g.lossOutAfterInner(), 1e-6 * Math.abs(want), name + " loss_out_after_inner");
        }
        boolean meta = secondOrder && cfg.get("mu").asDouble() > 0 && cfg.get("N").asInt() > 0;
        check(name + " θ", c.get("grad_theta"), g.gradTheta(), 2e-5);
        check(name + " φ", c.get("grad_phi"), g.gradPhi(), meta ? 1e-3 : 2e-5);
    }

    private static void check(String what, JsonNode want, ParameterSet got, double relative) {
        List<String> names = GoldenVectors.names(want);
        assertEquals(names.size(), got.size(), what + ": tensors " + got.names() + " vs " + names);
        for (String n : names) {
            assertRelative(what + " " + n, matrix(want.get(n)), got.get(n), relative);
        }
    }

    private static void assertRelative(String what, INDArray want, INDArray got, double relative) {
        INDArray w = want.castTo(DataType.DOUBLE).reshape(want.length());
        INDArray g = got.castTo(DataType.DOUBLE).reshape(got.length());
        assertEquals(w.length(), g.length(), what + " length");
        double diff = w.sub(g).norm2Number().doubleValue();
        double ref = w.norm2Number().doubleValue();
        assertTrue(diff <= relative * ref + 1e-9, what + ": ‖got − want‖ = " + diff + " > " + relative + "·‖want‖ = " + relative * ref);
    }
}
