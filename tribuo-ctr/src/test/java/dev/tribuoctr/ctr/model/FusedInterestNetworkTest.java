package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.testutil.RandomBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the fused CPU pass (float32) to the ND4J pass in float64, which the finite-difference test and the golden
 * vectors hold: loss, logits and every gradient of every pooling, for each gradient request, on batches with an
 * empty history, weighted multi-hot context fields and numeric features, with one and with several threads.
 */
class FusedInterestNetworkTest {
    private static final int NUMERIC = 2;

    private static ParameterSet withRandomBiases(ParameterSet params, SplittableRandom rng) {
        for (String n : params.names()) {
            if (!InterestArchitecture.isEmbedding(n) && n.contains(".b")) {
                INDArray b = params.get(n);
                for (long i = 0; i < b.length(); i++) {
                    b.putScalar(i, 0.3 * (2 * rng.nextDouble() - 1));
                }
            }
        }
        return params;
    }

    private static ParameterSet cast(ParameterSet p, DataType type) {
        ParameterSet out = new ParameterSet();
        p.asMap().forEach((k, v) -> out.put(k, v.castTo(type).dup('c')));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void matchesTheFloat64Nd4jPass(Pooling pooling) {
        for (int threads : new int[]{1, 3}) {
            for (InterestNetwork.Gradients wanted : InterestNetwork.Gradients.values()) {
                SplittableRandom rng = new SplittableRandom(7 + pooling.ordinal());
                InterestArchitecture arch = RandomBatches.architecture(pooling, NUMERIC);
                ParameterSet reference = withRandomBiases(arch.initialise(rng.split(), 0.5, DataType.DOUBLE), rng);
                CtrBatch batch = RandomBatches.batch(rng.split(), 9, 4, NUMERIC);
                InterestNetwork nd4j = new InterestNetwork(arch, null, ComputeEngine.ND4J, 1);
                InterestNetwork fused = new InterestNetwork(arch, null, ComputeEngine.AUTO, threads);
                ParameterSet single = cast(reference, DataType.FLOAT);
                assertTrue(fused.usesFusedPath(single), "float32 on the CPU backend takes the fused pass");

                InterestNetwork.Result want = nd4j.lossAndGradients(reference, NetworkInput.of(batch, DataType.DOUBLE), wanted);
                InterestNetwork.Result got = fused.lossAndGradients(single, NetworkInput.of(batch, DataType.FLOAT), wanted);
                String what = pooling + " " + wanted + " threads=" + threads;
                assertEquals(want.loss(), got.loss(), 2e-6 * Math.max(1, Math.abs(want.loss())), what + " loss");
                assertClose(what + " logits", want.logits(), got.logits());
                assertEquals(want.gradients().names(), got.gradients().names(), what + " gradient names");
                for (String name : want.gradients().names()) {
                    assertClose(what + " " + name, want.gradients().get(name), got.gradients().get(name));
                }
            }
        }
    }

    @Test
    void historyFreeBatchesAndPredictionAgree() {
        SplittableRandom rng = new SplittableRandom(3);
        InterestArchitecture arch = RandomBatches.architecture(Pooling.ATTENTION, NUMERIC);
        ParameterSet reference = withRandomBiases(arch.initialise(rng.split(), 0.5, DataType.DOUBLE), rng);
        CtrBatch batch = RandomBatches.batch(rng.split(), 5, 0, NUMERIC);
        InterestNetwork nd4j = new InterestNetwork(arch, null, ComputeEngine.ND4J, 1);
        InterestNetwork fused = new InterestNetwork(arch, null, ComputeEngine.AUTO, 2);
        double[] want = nd4j.probabilities(reference, NetworkInput.of(batch, DataType.DOUBLE));
        double[] got = fused.probabilities(cast(reference, DataType.FLOAT), NetworkInput.of(batch, DataType.FLOAT));
        assertArrayEquals(want, got, 1e-6);
        InterestNetwork.Result r = fused.lossAndGradients(cast(reference, DataType.FLOAT), NetworkInput.of(batch, DataType.FLOAT),
                InterestNetwork.Gradients.BOTH);
        assertEquals(0.0, r.gradients().get("sel.w1").norm2Number().doubleValue(), 0.0,
                "without any history the selector gets no gradient");
    }

    @Test
    void aFixedThreadCountIsBitReproducibleAndRowGradientsDoNotDependOnIt() {
        SplittableRandom rng = new SplittableRandom(11);
        InterestArchitecture arch = RandomBatches.architecture(Pooling.SOFTMAX, NUMERIC);
        ParameterSet params = cast(withRandomBiases(arch.initialise(rng.split(), 0.5, DataType.DOUBLE), rng), DataType.FLOAT);
        CtrBatch batch = RandomBatches.batch(rng.split(), 16, 5, NUMERIC);
        NetworkInput in = NetworkInput.of(batch, DataType.FLOAT);
        InterestNetwork two = new InterestNetwork(arch, null, ComputeEngine.AUTO, 2);
        InterestNetwork one = new InterestNetwork(arch, null, ComputeEngine.AUTO, 1);
        ParameterSet a = two.lossAndGradients(params, in, InterestNetwork.Gradients.BOTH).gradients();
        ParameterSet b = two.lossAndGradients(params, in, InterestNetwork.Gradients.BOTH).gradients();
        ParameterSet c = one.lossAndGradients(params, in, InterestNetwork.Gradients.BOTH).gradients();
        for (String name : a.names()) {
            assertArrayEquals(a.get(name).data().asFloat(), b.get(name).data().asFloat(), 0f, name + " differs between runs");
            if (InterestArchitecture.isEmbedding(name)) {
                assertArrayEquals(a.get(name).data().asFloat(), c.get(name).data().asFloat(), 0f,
                        name + " row gradients depend on the thread count");
            }
        }
    }

    /** A model serves many request threads at once: each call gets its own buffers, so answers never mix. */
    @Test
    void concurrentPredictionsGiveTheSingleThreadedAnswers() throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        InterestArchitecture arch = RandomBatches.architecture(Pooling.ATTENTION, NUMERIC);
        ParameterSet params = cast(withRandomBiases(arch.initialise(rng.split(), 0.5, DataType.DOUBLE), rng), DataType.FLOAT);
        InterestNetwork.Predictor predictor = new InterestNetwork(arch, null, ComputeEngine.AUTO, 1).predictor(params);
        NetworkInput[] requests = new NetworkInput[8];
        double[][] want = new double[requests.length][];
        for (int i = 0; i < requests.length; i++) {
            // different batch sizes, so that concurrent calls would also disagree on buffer shapes
            requests[i] = NetworkInput.of(RandomBatches.batch(rng.split(), 2 + 3 * i, 4, NUMERIC), DataType.FLOAT);
            want[i] = predictor.probabilities(requests[i]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int task = 0; task < 4; task++) {
                int offset = task;
                results.add(pool.submit(() -> {
                    for (int k = 0; k < 200; k++) {
                        int i = (k + offset) % requests.length;
                        if (!java.util.Arrays.equals(want[i], predictor.probabilities(requests[i]))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertTrue(r.get(), "a concurrent prediction differed from the single-threaded one");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per tensor: the float32 result within 2e-5 of the reference, relative to the reference's norm. */
    private static void assertClose(String what, INDArray want, INDArray got) {
        assertArrayEquals(want.shape(), got.shape(), what + " shape");
        INDArray w = want.castTo(DataType.DOUBLE);
        INDArray g = got.castTo(DataType.DOUBLE);
        double err = w.sub(g).norm2Number().doubleValue();
        double ref = w.norm2Number().doubleValue();
        assertTrue(err <= 2e-5 * ref + 1e-7, what + ": error " + err + " vs norm " + ref);
    }
}
