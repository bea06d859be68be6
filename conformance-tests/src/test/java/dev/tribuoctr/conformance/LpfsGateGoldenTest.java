package dev.tribuoctr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribuoctr.featuresel.GateType;
import dev.tribuoctr.featuresel.ProximalL1;
import dev.tribuoctr.featuresel.SmoothedL0Gate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the LPFS / LPFS++ gates to {@code golden/lpfs-gates.json} (design §6.3, docs/design/lpfs.md): values and derivatives for three ε and
 * two α, the initial values used for normalisation, and the proximal ℓ¹ step of Eq. 11 (exact zeros included).
 */
class LpfsGateGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() {
        golden = GoldenVectors.load("lpfs-gates.json");
    }

    private static SmoothedL0Gate gate(JsonNode g) {
        GateType type = "lpfs".equals(g.get("gate").asText()) ? GateType.LPFS : GateType.LPFS_PLUS_PLUS;
        return new SmoothedL0Gate(type, g.get("alpha").asDouble(), g.get("tau").asDouble());
    }

    private static void assertRelative(double want, double got, String what) {
        assertEquals(want, got, 1e-12 * Math.max(1.0, Math.abs(want)), what);
    }

    @Test
    void valuesAndDerivatives() {
        int checked = 0;
        for (JsonNode g : golden.get("gates")) {
            SmoothedL0Gate gate = gate(g);
            double eps = g.get("eps").asDouble();
            for (int i = 0; i < g.get("x").size(); i++) {
                double x = g.get("x").get(i).asDouble();
                String what = gate + " eps=" + eps + " x=" + x;
                assertRelative(g.get("value").get(i).asDouble(), gate.value(x, eps), what + " value");
                assertRelative(g.get("derivative").get(i).asDouble(), gate.derivative(x, eps), what + " derivative");
                checked++;
            }
        }
        assertEquals(72, checked, "9 gate settings × 8 points");
    }

    @Test
    void gatesAreExactlyZeroAtZero() {
        for (JsonNode g : golden.get("gates")) {
            assertEquals(0.0, gate(g).value(0.0, g.get("eps").asDouble()), 0.0);
        }
    }

    @Test
    void initialValuesNormaliseGatesToOne() {
        JsonNode init = golden.get("initial_values");
        double eps0 = 0.1;
        assertRelative(init.get("lpfs").asDouble(), new SmoothedL0Gate(GateType.LPFS, 0, 2).initialValue(eps0), "lpfs");
        assertRelative(init.get("lpfs++_alpha10.0").asDouble(),
                new SmoothedL0Gate(GateType.LPFS_PLUS_PLUS, 10, 2).initialValue(eps0), "lpfs++ alpha 10");
        assertRelative(init.get("lpfs++_alpha100.0").asDouble(),
                new SmoothedL0Gate(GateType.LPFS_PLUS_PLUS, 100, 2).initialValue(eps0), "lpfs++ alpha 100");
    }

    @Test
    void proximalStep() {
        JsonNode p = golden.get("proximal_step");
        double threshold = ProximalL1.threshold(p.get("lam").asDouble(), p.get("lr").asDouble());
        assertRelative(p.get("threshold").asDouble(), threshold, "threshold");
        double[] x = new double[p.get("x_tilde").size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = p.get("x_tilde").get(i).asDouble();
        }
        ProximalL1.applyInPlace(x, threshold);
        int zeros = 0;
        for (int i = 0; i < x.length; i++) {
            double want = p.get("result").get(i).asDouble();
            assertRelative(want, x[i], "proximal result " + i);
            if (want == 0.0) {
                // Exactly zero, not a tiny residue: this is what drops a field.
                assertTrue(Double.doubleToRawLongBits(x[i]) == 0L || x[i] == 0.0, "exact zero at " + i);
                zeros++;
            }
        }
        assertTrue(zeros >= 2, "the golden step zeroes several entries");
    }
}
