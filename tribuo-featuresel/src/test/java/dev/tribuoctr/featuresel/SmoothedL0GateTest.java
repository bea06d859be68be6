package dev.tribuoctr.featuresel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gate derivatives against central differences, and the properties that tell LPFS from LPFS++. */
class SmoothedL0GateTest {
    @ParameterizedTest
    @EnumSource(GateType.class)
    void derivativeMatchesCentralDifferences(GateType type) {
        SmoothedL0Gate gate = new SmoothedL0Gate(type, 10, 2);
        for (double eps : new double[]{0.1, 1e-3}) {
            for (double x = -3; x <= 3; x += 0.37) {
                double h = 1e-6;
                double fd = (gate.value(x + h, eps) - gate.value(x - h, eps)) / (2 * h);
                assertEquals(fd, gate.derivative(x, eps), 1e-5 * Math.max(1, Math.abs(fd)), type + " x=" + x + " eps=" + eps);
            }
        }
    }

    @Test
    void onlyLpfsPlusPlusHasSlopeAtZero() {
        double eps = 1e-3;
        assertEquals(0.0, new SmoothedL0Gate(GateType.LPFS, 0, 2).derivative(0, eps), 0.0);
        assertEquals(10 * Math.sqrt(eps), new SmoothedL0Gate(GateType.LPFS_PLUS_PLUS, 10, 2).derivative(0, eps), 1e-15);
        SmoothedL0Gate odd = new SmoothedL0Gate(GateType.LPFS_PLUS_PLUS, 10, 2);
        assertEquals(-odd.value(0.4, eps), odd.value(-0.4, eps), 1e-15, "LPFS++ is odd");
        SmoothedL0Gate even = new SmoothedL0Gate(GateType.LPFS, 0, 2);
        assertEquals(even.value(0.4, eps), even.value(-0.4, eps), 1e-15, "LPFS is even");
    }

    @Test
    void proximalStepZeroesInsideTheThreshold() {
        assertEquals(0.0, ProximalL1.apply(0.0009, 0.001), 0.0);
        assertEquals(0.0, ProximalL1.apply(-0.0009, 0.001), 0.0);
        assertEquals(0.5 - 0.001, ProximalL1.apply(0.5, 0.001), 1e-15);
        assertEquals(-0.5 + 0.001, ProximalL1.apply(-0.5, 0.001), 1e-15);
        assertTrue(ProximalL1.threshold(0.05, 0.01) > 0);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SmoothedL0Gate(null, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new SmoothedL0Gate(GateType.LPFS_PLUS_PLUS, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new SmoothedL0Gate(GateType.LPFS_PLUS_PLUS, 1, 0));
    }
}
