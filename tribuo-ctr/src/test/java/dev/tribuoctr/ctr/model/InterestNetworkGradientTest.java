package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.testutil.RandomBatches;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite-difference check, in float64, of every parameter tensor's gradient from
 * {@link InterestNetwork#lossAndGradients} for the three poolings, on a batch with an empty history, a weighted
 * multi-hot context field and numeric features. Each tensor gets one check along a random direction over all its
 * elements (so every element's gradient counts) and element-wise checks of a few entries, including the padding row
 * of each table, whose gradient must be exactly zero.
 */
class InterestNetworkGradientTest {
    private static final double H = 1e-6;
    private static final int NUMERIC = 2;

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void gradientsMatchCentralDifferences(Pooling pooling) {
        SplittableRandom rng = new SplittableRandom(31 + pooling.ordinal());
        InterestArchitecture arch = RandomBatches.architecture(pooling, NUMERIC);
        ParameterSet params = arch.initialise(rng.split(), 0.5, DataType.DOUBLE);
        // Non-zero biases, so that their gradients are checked away from a special point.
        for (String n : params.names()) {
            if (!InterestArchitecture.isEmbedding(n) && n.contains(".b")) {
                INDArray b = params.get(n);
                for (long i = 0; i < b.length(); i++) {
                    b.putScalar(i, 0.3 * (2 * rng.nextDouble() - 1));
                }
            }
        }
        CtrBatch batch = RandomBatches.batch(rng.split(), 6, 4, NUMERIC);
        assertEquals(0, batch.historyCount(0), "the batch must hold an instance with an empty history");
        NetworkInput in = NetworkInput.of(batch, DataType.DOUBLE);
        InterestNetwork net = new InterestNetwork(arch);

        InterestNetwork.Result result = net.lossAndGradients(params, in, InterestNetwork.Gradients.BOTH);
        ParameterSet grads = result.gradients();
        assertEquals(arch.parameterShapes().keySet(), grads.names(), "a gradient for every parameter");
        assertTrue(Double.isFinite(result.loss()));

        for (String name : params.names()) {
            INDArray p = params.get(name);
            INDArray g = grads.get(name);
            assertEquals(java.util.Arrays.toString(p.shape()), java.util.Arrays.toString(g.shape()), name + " shape");

            // 1. Directional derivative along a random direction over every element.
            INDArray dir = randomLike(rng, p);
            if (InterestArchitecture.isEmbedding(name)) {
                dir.getRow(0).assign(0); // the padding row is checked separately below
            }
            double analytic = g.mul(dir).sumNumber().doubleValue();
            double numeric = centralDifference(net, params, in, name, dir);
            assertClose(name + " along a random direction (" + pooling + ")", analytic, numeric);

            // 2. A few single elements.
            Set<Long> picks = new HashSet<>();
            for (int k = 0; k < 2; k++) {
                picks.add((long) rng.nextInt((int) p.length()));
            }
            if (InterestArchitecture.isEmbedding(name)) {
                picks.add(0L); // padding row, first column
            }
            for (long idx : picks) {
                INDArray unit = Nd4j.zeros(DataType.DOUBLE, p.shape());
                unit.putScalar(idx, 1.0);
                double fd = centralDifference(net, params, in, name, unit);
                double an = g.getDouble(idx);
                assertClose(name + "[" + idx + "] (" + pooling + ")", an, fd);
            }
            if (InterestArchitecture.isEmbedding(name)) {
                assertEquals(0.0, g.getRow(0).norm2Number().doubleValue(), 0.0, name + ": the padding row has a gradient");
            }
        }
    }

    private static INDArray randomLike(SplittableRandom rng, INDArray p) {
        double[] v = new double[(int) p.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * rng.nextDouble() - 1;
        }
        return Nd4j.create(v, p.shape(), 'c');
    }

    private static double centralDifference(InterestNetwork net, ParameterSet params, NetworkInput in, String name,
                                            INDArray direction) {
        INDArray original = params.get(name);
        try {
            params.put(name, original.add(direction.mul(H)));
            double plus = net.lossAndGradients(params, in, InterestNetwork.Gradients.NONE).loss();
            params.put(name, original.sub(direction.mul(H)));
            double minus = net.lossAndGradients(params, in, InterestNetwork.Gradients.NONE).loss();
            return (plus - minus) / (2 * H);
        } finally {
            params.put(name, original);
        }
    }

    private static void assertClose(String what, double analytic, double numeric) {
        double tol = 1e-6 * (Math.abs(analytic) + Math.abs(numeric)) + 1e-9;
        if (!(Math.abs(analytic - numeric) <= tol)) {
            throw new AssertionError(what + ": analytic " + analytic + " vs finite difference " + numeric);
        }
    }
}
