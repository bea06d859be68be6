package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.UnknownFeatures;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trained {@link CtrModel} ignores, at prediction, features of fields it was never trained with (Tribuo's
 * convention): the probabilities equal those of the same examples without them, the features are counted by field and
 * each field is logged once; training data with such a field is still refused.
 */
class UnknownFeaturesAtPredictionTest {
    private static MutableDataset<Label> train;
    private static List<Example<Label>> test;
    private static CtrModel model;

    @BeforeAll
    static void setUp() {
        train = new MutableDataset<>(new SyntheticInterestDataSource(10, 120, 4, 6, 6, 0.6, 0.1, 6, 0.25, 3L,
                Split.TRAIN));
        test = new ArrayList<>();
        new SyntheticInterestDataSource(10, 120, 4, 6, 6, 0.6, 0.1, 6, 0.25, 3L, Split.TEST).forEach(test::add);
        model = MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 6, List.of(), List.of(), 1))
                .embeddingSizes(4, 4, 4).selectorHiddenSizes(6, 3).predictorHiddenSizes(8, 4)
                .optimiser(OptimiserType.ADAM, 0.01).batchSize(40).epochs(1).seed(5L).loggingInterval(0).build()
                .train(train);
    }

    /** The examples with extra features: a new categorical field on every example, a new numeric one on some. */
    private static List<Example<Label>> withExtras(List<Example<Label>> examples) {
        List<Example<Label>> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            ArrayExample<Label> copy = new ArrayExample<>(examples.get(i));
            copy.add(new Feature("weather@" + (i % 3 == 0 ? "rain" : "sun"), 1.0));
            if (i % 2 == 0) {
                copy.add(new Feature("temperature", 12.5 + i));
            }
            out.add(copy);
        }
        return out;
    }

    private static double[] clicks(Model<Label> m, List<Example<Label>> examples) {
        List<Prediction<Label>> predictions = m.predict(examples);
        double[] p = new double[predictions.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = predictions.get(i).getOutputScores().get(CtrModel.CLICK).getScore();
        }
        return p;
    }

    @Test
    void unknownFieldsAreIgnoredCountedAndLoggedOncePerField(@TempDir Path dir) throws Exception {
        CtrModel fresh = (CtrModel) roundTrip(model, dir); // its own count, as a loaded model has
        List<String> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(UnknownFeatures.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        logger.addHandler(handler);
        try {
            double[] plain = clicks(fresh, test);
            assertEquals(0, fresh.unknownFeatures().count(), "no unknown features yet");
            List<Example<Label>> extra = withExtras(test);
            double[] withExtra = clicks(fresh, extra);
            assertEquals(plain.length, withExtra.length);
            for (int i = 0; i < plain.length; i++) {
                assertEquals(plain[i], withExtra[i], 0.0, "example " + i);
            }
            // one example at a time, through predict(Example), too
            assertEquals(plain[1], fresh.predict(extra.get(1)).getOutputScores().get(CtrModel.CLICK).getScore(), 0.0);
            long numeric = (test.size() + 1) / 2; // the even positions; example 1 has none
            assertEquals(Map.of("weather", (long) test.size() + 1, "temperature", numeric),
                    fresh.unknownFeatures().byField());
            assertEquals(test.size() + 1 + numeric, fresh.unknownFeatures().count());
            assertEquals(2, warnings.size(), "one warning per field: " + warnings);
            assertTrue(warnings.stream().anyMatch(w -> w.contains("weather@")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("'temperature'")), warnings.toString());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void trainingDataWithAFieldOutsideTheLayoutIsStillRefused() {
        List<Example<Label>> extra = withExtras(test.subList(0, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.encoder().encode(extra));
        assertTrue(e.getMessage().contains("example 0") && e.getMessage().contains("not part of the layout"),
                e.getMessage());
    }

    private static Model<?> roundTrip(Model<Label> m, Path dir) throws java.io.IOException {
        Path file = dir.resolve("model.tribuo");
        m.serializeToFile(file);
        return Model.deserializeFromFile(file);
    }
}
