package dev.tribuoctr.ctr.train;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource.Split;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.engine.OptimiserType;
import dev.tribuoctr.ctr.eval.CtrMetrics;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.Pooling;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MetaWrapperTrainer}'s guards and early stopping: a diverging loss stops training with a
 * {@link TrainingDivergedException} that names the loss, epoch and step; labels other than "0"/"1" and invalid
 * settings fail with messages naming the problem (builder: {@link IllegalArgumentException}; OLCUT:
 * {@link PropertyException}); early stopping stops once patience is spent and keeps the best epoch's model.
 */
class MetaWrapperTrainerTest {
    private static final LabelFactory FACTORY = new LabelFactory();
    private static MutableDataset<Label> train;
    private static MutableDataset<Label> validation;

    @BeforeAll
    static void data() {
        train = new MutableDataset<>(new SyntheticInterestDataSource(12, 240, 4, 8, 8, 0.6, 0.1, 6, 0.25, 3L, Split.TRAIN));
        validation = new MutableDataset<>(new SyntheticInterestDataSource(12, 240, 4, 8, 8, 0.6, 0.1, 6, 0.25, 3L, Split.TEST));
    }

    private static MetaWrapperTrainer.Builder small() {
        return MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 6, List.of(), List.of(), 1))
                .embeddingSizes(4, 4, 4)
                .selectorHiddenSizes(6, 3)
                .predictorHiddenSizes(8, 4)
                .batchSize(40)
                .epochs(1)
                .loggingInterval(0);
    }

    // ---- divergence ----

    @Test
    void explodingLossStopsWithTheLossEpochAndStep() {
        MetaWrapperTrainer t = small().mu(0.5).optimiser(OptimiserType.SGD, 1e6).epochs(3).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.train(train));
        String msg = e.getMessage();
        assertTrue(msg.matches("(?s).*the (in-bag|out-of-bag) loss is \\S+ at epoch \\d+, step \\d+.*"), msg);
        assertTrue(msg.contains("learningRate"), "the message should say what to try: " + msg);
    }

    @Test
    void lossAboveTheLimitStopsAtTheFirstStep() {
        // Any real loss (≈ 0.69 at the start) exceeds a limit of 1e-3: the first step must stop, and say so.
        MetaWrapperTrainer t = small().mu(0.0).lossLimit(1e-3).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.train(train));
        assertTrue(e.getMessage().contains("in-bag loss"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch 1, step 1"), e.getMessage());
    }

    @Test
    void nonFiniteLossStopsTrainingEvenWithoutALimit() {
        // Tribuo rejects NaN feature values, so drive the parameters to overflow instead: with no loss limit, only
        // the NaN/infinity check can stop this run.
        MetaWrapperTrainer t = small().mu(0.0).optimiser(OptimiserType.SGD, 1e36).lossLimit(Double.POSITIVE_INFINITY)
                .epochs(3).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.train(train));
        assertTrue(e.getMessage().matches("(?s).*the in-bag loss is (NaN|Infinity) at epoch \\d+, step \\d+.*"), e.getMessage());
    }

    // ---- labels ----

    @Test
    void labelsOtherThanZeroAndOneAreRejected() {
        MutableDataset<Label> bad = new MutableDataset<>(new SimpleDataSourceProvenance("bad", FACTORY), FACTORY);
        int n = 0;
        for (Example<Label> ex : train) {
            String label = ex.getOutput().getLabel().equals("1") ? "click" : "0";
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            ex.forEach(f -> { names.add(f.getName()); values.add(f.getValue()); });
            bad.add(new ArrayExample<>(new Label(label), names.toArray(new String[0]),
                    values.stream().mapToDouble(Double::doubleValue).toArray()));
            if (++n == 20) { break; }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small().build().train(bad));
        assertTrue(e.getMessage().contains("\"click\""), e.getMessage());
        assertTrue(e.getMessage().contains("\"1\"") && e.getMessage().contains("\"0\""), e.getMessage());

        MutableDataset<Label> empty = new MutableDataset<>(new SimpleDataSourceProvenance("empty", FACTORY), FACTORY);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> small().build().train(empty));
        assertTrue(e2.getMessage().toLowerCase().contains("empty"), e2.getMessage());
    }

    // ---- configuration ----

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad("mu", b -> b.mu(-0.1)),
                bad("mu", b -> b.mu(Double.NaN)),
                bad("beta", b -> b.beta(-1)),
                bad("innerSteps", b -> b.innerSteps(-1)),
                bad("fdScale", b -> b.fdScale(0)),
                bad("outOfBagFraction", b -> b.outOfBagFraction(1.0)),
                bad("outBatchRatio", b -> b.outBatchRatio(0)),
                bad("learningRate", b -> b.optimiser(OptimiserType.ADAM, 0)),
                bad("decayRate", b -> b.learningRateDecay(1.5, 10)),
                bad("decaySteps", b -> b.learningRateDecay(0.9, 0)),
                bad("epochs", b -> b.epochs(0)),
                bad("batchSize", b -> b.batchSize(0)),
                bad("itemEmbeddingSize", b -> b.embeddingSizes(0, 4, 4)),
                bad("attributeEmbeddingSize", b -> b.embeddingSizes(4, 0, 4)),
                bad("contextEmbeddingSize", b -> b.embeddingSizes(4, 4, -1)),
                bad("selectorHiddenSizes", b -> b.selectorHiddenSizes()),
                bad("predictorHiddenSizes", b -> b.predictorHiddenSizes(4, 0)),
                bad("patience", b -> b.earlyStopping(EarlyStopping.AUC, 0)),
                bad("lossLimit", b -> b.lossLimit(0)),
                bad("embeddingStd", b -> b.embeddingStd(-1)),
                bad("loggingInterval", b -> b.loggingInterval(-1)),
                bad("pooling", b -> b.pooling(null)),
                bad("optimiser", b -> b.optimiser(null, 0.01)),
                bad("schema", b -> b.schema(null)),
                bad("earlyStopping", b -> b.earlyStopping(null, 2)));
    }

    private static Arguments bad(String field, UnaryOperator<MetaWrapperTrainer.Builder> setting) {
        return Arguments.of(field, setting);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void builderRejectsBadSettingsNamingTheField(String field, UnaryOperator<MetaWrapperTrainer.Builder> setting) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> setting.apply(MetaWrapperTrainer.builder()).build());
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains(field), "message does not name " + field + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"mu, -1", "batchSize, 0", "outOfBagFraction, 0", "patience, 0", "learningRate, -0.5"})
    void olcutConfigurationRejectsBadSettings(String field, String value, @TempDir Path dir) throws IOException {
        ConfigurationManager cm = new ConfigurationManager(write(dir, field, value));
        PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("trainer"));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void olcutConfigurationAcceptsGoodSettings(@TempDir Path dir) throws IOException {
        ConfigurationManager cm = new ConfigurationManager(write(dir, "mu", "0.25"));
        MetaWrapperTrainer t = (MetaWrapperTrainer) cm.lookup("trainer");
        assertTrue(t.toString().contains("mu=0.25"), t.toString());
    }

    private static String write(Path dir, String field, String value) throws IOException {
        Path file = dir.resolve("trainer.xml");
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"trainer\" type=\"" + MetaWrapperTrainer.class.getName() + "\">\n"
                + "    <property name=\"" + field + "\" value=\"" + value + "\"/>\n"
                + "    <property name=\"epochs\" value=\"1\"/>\n"
                + "  </component>\n</config>\n");
        return file.toString();
    }

    // ---- step budget ----

    @Test
    void maxStepsEndsTrainingWithinAnEpoch() {
        MetaWrapperTrainer t = small().mu(0.5).epochs(4).maxSteps(3).build();
        List<EpochStats> history = t.trainWithHistory(train, null, null, Map.of()).history();
        assertEquals(1, history.size(), "one partial epoch: " + history);
        assertEquals(3, history.get(0).steps());
        assertThrows(IllegalArgumentException.class, () -> small().maxSteps(-1).build());
    }

    // ---- early stopping ----

    @ParameterizedTest
    @CsvSource({"AUC, 1", "LOG_LOSS, 2"})
    void earlyStoppingStopsAfterPatienceAndKeepsTheBestEpoch(EarlyStopping metric, int patience) {
        int epochs = 40;
        MetaWrapperTrainer t = small().pooling(Pooling.ATTENTION).mu(0.0).optimiser(OptimiserType.ADAM, 0.05)
                .epochs(epochs).earlyStopping(metric, patience).seed(11L).build();
        TrainingRun run = t.trainWithHistory(train, validation, null, Map.of());
        CtrModel model = run.model();
        List<EpochStats> history = run.history();
        assertTrue(history.size() < epochs, "early stopping never triggered in " + epochs + " epochs: " + history);

        int best = 0;
        for (int i = 1; i < history.size(); i++) {
            if (score(metric, history.get(i)) > score(metric, history.get(best))) {
                best = i;
            }
        }
        assertEquals(best + 1 + patience, history.size(),
                "training should stop exactly " + patience + " epochs after the best one (epoch " + (best + 1) + ")");

        List<Example<Label>> v = new ArrayList<>();
        validation.forEach(v::add);
        double[] p = model.clickProbabilities(v);
        int[] labels = v.stream().mapToInt(ex -> ex.getOutput().getLabel().equals(CtrModel.CLICK) ? 1 : 0).toArray();
        double kept = metric == EarlyStopping.AUC ? CtrMetrics.auc(p, labels) : CtrMetrics.logLoss(p, labels);
        double want = metric == EarlyStopping.AUC ? history.get(best).validationAuc() : history.get(best).validationLogLoss();
        assertEquals(want, kept, 1e-12, "the kept model is not the best epoch's; history " + history);
        assertTrue(model.getProvenance().getInstanceProvenance().getMap().containsKey(MetaWrapperTrainer.VALIDATION_PROVENANCE));
    }

    private static double score(EarlyStopping metric, EpochStats s) {
        return metric == EarlyStopping.AUC ? s.validationAuc() : -s.validationLogLoss();
    }
}
