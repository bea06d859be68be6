package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.model.CtrModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code l2} weight decay: 0 (the default) leaves training bit-identical, a positive value changes it and
 * shrinks the weights, and a negative value is rejected.
 */
class WeightDecayTest {
    private static MutableDataset<Label> train;
    private static List<Example<Label>> test;

    @BeforeAll
    static void data() {
        train = new MutableDataset<>(new SyntheticInterestDataSource(12, 240, 4, 8, 8, 0.6, 0.1, 6, 0.25, 3L, Split.TRAIN));
        test = new ArrayList<>();
        new SyntheticInterestDataSource(12, 240, 4, 8, 8, 0.6, 0.1, 6, 0.25, 3L, Split.TEST).forEach(test::add);
    }

    private static MetaWrapperTrainer.Builder small() {
        return MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 6, List.of("user"), List.of(), 1))
                .embeddingSizes(4, 4, 4).selectorHiddenSizes(6, 3).predictorHiddenSizes(8, 4)
                .optimiser(OptimiserType.ADAM, 0.01).batchSize(40).epochs(2).mu(0.5).loggingInterval(0).seed(7);
    }

    @Test
    void zeroLeavesTrainingBitIdenticalAndPositiveChangesIt() {
        CtrModel plain = small().build().train(train);
        CtrModel zero = small().l2(0.0).build().train(train);
        CtrModel decayed = small().l2(0.05).build().train(train);
        double[] p0 = plain.clickProbabilities(test);
        assertArrayEquals(p0, zero.clickProbabilities(test), 0.0);
        double[] p2 = decayed.clickProbabilities(test);
        boolean differs = false;
        for (int i = 0; i < p0.length && !differs; i++) {
            differs = p0[i] != p2[i];
        }
        assertTrue(differs, "l2 > 0 must change the model");
        assertTrue(decayed.parameters().norm2() < plain.parameters().norm2(), "weight decay should shrink the weights");
    }

    @Test
    void negativeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small().l2(-1).build());
        assertTrue(e.getMessage().contains("l2"), e.getMessage());
        assertFalse(small().l2(0.1).build().toString().isEmpty());
    }
}
