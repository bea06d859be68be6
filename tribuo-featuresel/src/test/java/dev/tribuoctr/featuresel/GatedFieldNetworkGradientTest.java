package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Central finite differences (float64) against the gated field network's backward pass: every parameter tensor
 * along a random direction, and every gate factor, on a batch with a multi-hot categorical field, a one-hot field
 * and a numeric field.
 */
class GatedFieldNetworkGradientTest {
    private static List<Example<Label>> examples() {
        SplittableRandom rng = new SplittableRandom(3);
        List<Example<Label>> list = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ArrayExample<Label> e = new ArrayExample<>(new Label(rng.nextBoolean() ? "1" : "0"));
            e.add("site@s" + rng.nextInt(4), 1.0);
            e.add("tags@t" + rng.nextInt(3), 0.5 + rng.nextDouble());
            if (i % 3 != 0) {
                e.add("tags@u" + rng.nextInt(3), 0.5 + rng.nextDouble());
            }
            e.add("price", rng.nextDouble() * 2 - 1);
            list.add(e);
        }
        return list;
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        List<Example<Label>> data = examples();
        FieldLayout layout = FieldLayout.build(data, 1);
        assertEquals(List.of("site", "tags", "price"), layout.fieldNames());
        FieldEncoder encoder = new FieldEncoder(layout);
        FieldBatch batch = encoder.encode(data, 0, data.size(), true);
        GatedFieldNetwork net = new GatedFieldNetwork(layout, 3, new int[]{5, 4});
        ParameterSet p = net.initialise(new SplittableRandom(5), 0.5, DataType.DOUBLE);
        GatedFieldNetwork.Input in = new GatedFieldNetwork.Input(batch, batch.indices(), DataType.DOUBLE);
        double[] gates = {0.7, -1.3, 0.4};
        GatedFieldNetwork.Result r = net.run(p, in, gates, true);
        SplittableRandom rng = new SplittableRandom(9);
        double h = 1e-6;
        for (String name : p.names()) {
            INDArray t = p.get(name);
            INDArray dir = t.like();
            for (long i = 0; i < dir.length(); i++) {
                dir.putScalar(i, rng.nextDouble() * 2 - 1);
            }
            if (name.startsWith("emb.")) {
                dir.getRow(0).assign(0.0); // padding row
            }
            double analytic = r.gradients().get(name).mul(dir).sumNumber().doubleValue();
            double plus = net.run(p.plusScaled(h, new ParameterSet().put(name, dir)), in, gates, false).loss();
            double minus = net.run(p.plusScaled(-h, new ParameterSet().put(name, dir)), in, gates, false).loss();
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), name);
        }
        for (int f = 0; f < gates.length; f++) {
            double[] up = gates.clone();
            double[] down = gates.clone();
            up[f] += h;
            down[f] -= h;
            double numeric = (net.run(p, in, up, false).loss() - net.run(p, in, down, false).loss()) / (2 * h);
            assertEquals(numeric, r.gateFactorGradients()[f], 1e-6 * Math.max(1, Math.abs(numeric)), "gate " + f);
        }
    }
}
