package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.engine.Dropout;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.InterestNetwork;
import dev.tribuoctr.ctr.model.NetworkInput;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.testutil.RandomBatches;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dropout on the predictor's hidden units: changes training, stays deterministic, never applies at prediction. */
class DropoutTest {
    private static MutableDataset<Label> data;
    private static List<Example<Label>> examples;

    @BeforeAll
    static void generate() {
        data = new MutableDataset<>(new SyntheticInterestDataSource(12, 240, 4, 10, 10, 0.5, 0.2, 5, 0.2, 3,
                SyntheticInterestDataSource.Split.TRAIN));
        examples = new ArrayList<>();
        data.forEach(examples::add);
    }

    private static MetaWrapperTrainer.Builder small() {
        return MetaWrapperTrainer.builder().mu(0).embeddingSizes(4, 4, 4).selectorHiddenSizes(8, 4)
                .predictorHiddenSizes(8, 4).batchSize(32).epochs(2).seed(5);
    }

    @Test
    void dropoutChangesTrainingDeterministicallyAndNotPrediction() {
        CtrModel plain = small().build().train(data);
        CtrModel dropped = small().dropout(0.5).build().train(data);
        CtrModel again = small().dropout(0.5).build().train(data);
        double[] p0 = plain.clickProbabilities(examples);
        double[] p1 = dropped.clickProbabilities(examples);
        assertArrayEquals(p1, again.clickProbabilities(examples), 0.0, "same seed, same model");
        assertArrayEquals(p1, dropped.clickProbabilities(examples), 0.0, "prediction draws no masks");
        boolean differs = false;
        for (int i = 0; i < p0.length; i++) {
            differs |= p0[i] != p1[i];
        }
        assertTrue(differs, "dropout should change the trained model");
        assertArrayEquals(p0, small().dropout(0).build().train(data).clickProbabilities(examples), 0.0,
                "dropout 0 is the plain trainer");
    }

    @Test
    void dropoutNeedsMuZeroAndAValidRate() {
        assertThrows(IllegalArgumentException.class, () -> small().mu(0.5).dropout(0.2).build());
        assertThrows(IllegalArgumentException.class, () -> small().dropout(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> small().dropout(-0.1).build());
    }

    /** With the masks held fixed (a fresh generator of the same seed per pass), backward matches finite differences. */
    @Test
    void backwardWithDropoutMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        InterestArchitecture arch =
                RandomBatches.architecture(Pooling.ATTENTION, 0);
        ParameterSet p = arch.initialise(rng, 0.3, DataType.DOUBLE);
        NetworkInput in = NetworkInput.of(
                RandomBatches.batch(rng, 6, 4, 0), DataType.DOUBLE);
        Supplier<InterestNetwork> net = () -> new InterestNetwork(
                arch, new Dropout(0.5, new SplittableRandom(99)));
        ParameterSet g = net.get().lossAndGradients(p, in,
                InterestNetwork.Gradients.BOTH).gradients();
        double h = 1e-6;
        for (String name : new String[]{"pred.w1", "pred.w2", "pred.w3", "sel.w1"}) {
            INDArray dir = p.get(name).like();
            for (long i = 0; i < dir.length(); i++) {
                dir.putScalar(i, rng.nextDouble() - 0.5);
            }
            ParameterSet d = new ParameterSet().put(name, dir);
            double plus = net.get().lossAndGradients(p.plusScaled(h, d), in, InterestNetwork.Gradients.NONE).loss();
            double minus = net.get().lossAndGradients(p.plusScaled(-h, d), in, InterestNetwork.Gradients.NONE).loss();
            double numeric = (plus - minus) / (2 * h);
            double analytic = g.get(name).mul(dir).sumNumber().doubleValue();
            assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), name);
        }
    }
}
