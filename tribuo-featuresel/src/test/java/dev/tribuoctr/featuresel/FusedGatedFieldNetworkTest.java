package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.ComputeEngine;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the fused CPU pass (float32) to the ND4J pass in float64, which the finite-difference test holds: loss,
 * logits, every parameter gradient and the gate-factor gradient, with one and with several threads, on a batch with
 * a one-hot field, a weighted multi-hot field that is sometimes absent, two numeric fields and gates of either sign
 * and zero; also prediction, and bit-reproducibility for a fixed thread count.
 */
class FusedGatedFieldNetworkTest {
    private static final double[] GATES = {0.7, -1.3, 0.0, 0.4, 1.1};

    private static List<Example<Label>> examples(int count) {
        SplittableRandom rng = new SplittableRandom(3);
        List<Example<Label>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ArrayExample<Label> e = new ArrayExample<>(new Label(rng.nextBoolean() ? "1" : "0"));
            e.add("site@s" + rng.nextInt(5), 1.0);
            if (i % 5 != 0) {
                e.add("tags@t" + rng.nextInt(4), 0.5 + rng.nextDouble());
                if (i % 3 != 0) {
                    e.add("tags@u" + rng.nextInt(4), 0.5 + rng.nextDouble());
                }
            }
            e.add("zone@z" + rng.nextInt(3), 1.0);
            e.add("price", rng.nextDouble() * 2 - 1);
            e.add("age", rng.nextDouble());
            list.add(e);
        }
        return list;
    }

    private static final List<Example<Label>> DATA = examples(23);
    private static final FieldLayout LAYOUT = FieldLayout.build(DATA, 1);
    private static final FieldBatch BATCH = new FieldEncoder(LAYOUT).encode(DATA, 0, DATA.size(), true);
    private static final GatedFieldNetwork NETWORK = new GatedFieldNetwork(LAYOUT, 3, new int[]{6, 4});

    /** Float64 parameters with non-zero biases (zero biases would hide bias-gradient mistakes). */
    private static ParameterSet reference() {
        SplittableRandom rng = new SplittableRandom(5);
        ParameterSet p = NETWORK.initialise(rng.split(), 0.5, DataType.DOUBLE);
        for (String n : p.names()) {
            if (n.startsWith(GatedFieldNetwork.MLP_PREFIX + "b")) {
                INDArray b = p.get(n);
                for (long i = 0; i < b.length(); i++) {
                    b.putScalar(i, 0.3 * (2 * rng.nextDouble() - 1));
                }
            }
        }
        return p;
    }

    private static ParameterSet cast(ParameterSet p, DataType type) {
        ParameterSet out = new ParameterSet();
        p.asMap().forEach((k, v) -> out.put(k, v.castTo(type).dup('c')));
        return out;
    }

    private static GatedFieldNetwork.Input input(DataType type) {
        return new GatedFieldNetwork.Input(BATCH, BATCH.indices(), type);
    }

    @Test
    void matchesTheFloat64Nd4jPass() {
        assertEquals(List.of("site", "tags", "zone", "age", "price"), LAYOUT.fieldNames());
        ParameterSet reference = reference();
        GatedFieldNetwork nd4j = NETWORK.withCompute(ComputeEngine.ND4J, 1);
        assertFalse(nd4j.usesFusedPath(cast(reference, DataType.FLOAT)), "ND4J forces the ND4J pass");
        GatedFieldNetwork.Result want = nd4j.run(reference, input(DataType.DOUBLE), GATES, true);
        for (int threads : new int[]{1, 3}) {
            GatedFieldNetwork fused = NETWORK.withCompute(ComputeEngine.AUTO, threads);
            ParameterSet single = cast(reference, DataType.FLOAT);
            assertTrue(fused.usesFusedPath(single), "float32 on the CPU backend takes the fused pass");
            assertFalse(fused.usesFusedPath(reference), "float64 takes the ND4J pass");
            GatedFieldNetwork.Result got = fused.run(single, input(DataType.FLOAT), GATES, true);
            String what = "threads=" + threads;
            assertEquals(want.loss(), got.loss(), 2e-6 * Math.max(1, Math.abs(want.loss())), what + " loss");
            assertClose(what + " logits", want.logits(), got.logits());
            assertEquals(want.gradients().names(), got.gradients().names(), what + " gradient names");
            for (String name : want.gradients().names()) {
                assertClose(what + " " + name, want.gradients().get(name), got.gradients().get(name));
            }
            assertClose(what + " gate factor gradients", Nd4j.createFromArray(want.gateFactorGradients()),
                    Nd4j.createFromArray(got.gateFactorGradients()));
            GatedFieldNetwork.Result forwardOnly = fused.run(single, input(DataType.FLOAT), GATES, false);
            assertEquals(got.loss(), forwardOnly.loss(), 0.0, what + " forward-only loss");
        }
    }

    @Test
    void predictionMatchesTheFloat64Nd4jPass() {
        ParameterSet reference = reference();
        double[] want = NETWORK.withCompute(ComputeEngine.ND4J, 1).predictor(reference, GATES).probabilities(BATCH);
        GatedFieldPredictor fused = NETWORK.withCompute(ComputeEngine.AUTO, 2).predictor(cast(reference, DataType.FLOAT), GATES);
        assertArrayEquals(want, fused.probabilities(BATCH), 1e-6);
        assertArrayEquals(want, fused.probabilities(BATCH), 1e-6, "a second call on reused buffers");
    }

    @Test
    void aFixedThreadCountIsBitReproducibleAndRowGradientsDoNotDependOnIt() {
        ParameterSet params = cast(reference(), DataType.FLOAT);
        GatedFieldNetwork two = NETWORK.withCompute(ComputeEngine.AUTO, 2);
        GatedFieldNetwork one = NETWORK.withCompute(ComputeEngine.AUTO, 1);
        GatedFieldNetwork.Result a = two.run(params, input(DataType.FLOAT), GATES, true);
        GatedFieldNetwork.Result b = two.run(params, input(DataType.FLOAT), GATES, true);
        GatedFieldNetwork.Result c = one.run(params, input(DataType.FLOAT), GATES, true);
        assertEquals(a.loss(), b.loss(), 0.0);
        assertArrayEquals(a.gateFactorGradients(), b.gateFactorGradients(), 0.0);
        for (String name : a.gradients().names()) {
            assertArrayEquals(a.gradients().get(name).data().asFloat(), b.gradients().get(name).data().asFloat(), 0f,
                    name + " differs between runs");
            if (name.startsWith("emb.")) {
                assertArrayEquals(a.gradients().get(name).data().asFloat(), c.gradients().get(name).data().asFloat(), 0f,
                        name + " row gradients depend on the thread count");
            }
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
