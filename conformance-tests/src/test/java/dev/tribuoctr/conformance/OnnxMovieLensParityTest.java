package dev.tribuoctr.conformance;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.MovieLensDataSource;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import dev.tribuoctr.onnx.OnnxCtrModel;
import dev.tribuoctr.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Optional, on real data: a DIN model trained one epoch on MovieLens 100K ({@code -Dctr.data.dir=<folder holding
 * ml-100k>}) and its ONNX export agree to 1e-5 on all 1,886 test instances. Skipped without the data.
 */
class OnnxMovieLensParityTest {
    @Test
    void dinOnMovieLens100kAgreesWithItsExport(@TempDir Path tmp) throws Exception {
        String root = System.getProperty("ctr.data.dir");
        assumeTrue(root != null && !root.isBlank(), "ctr.data.dir not set");
        Path dir = Path.of(root, "ml-100k");
        assumeTrue(Files.isRegularFile(dir.resolve("u.data")), "no ml-100k in " + root);
        MutableDataset<Label> train = new MutableDataset<>(new MovieLensDataSource(dir, true, 50, 1L, Split.TRAIN));
        List<Example<Label>> test = new ArrayList<>();
        new MovieLensDataSource(dir, true, 50, 1L, Split.TEST).forEach(test::add);
        CtrModel model = MetaWrapperTrainer.builder()
                .schema(new CtrSchema("item", List.of("cate"), "hist_item", 50, List.of(), List.of(), 1))
                .pooling(Pooling.ATTENTION).mu(0).epochs(1).seed(1).loggingInterval(0).build().train(train);
        Path file = tmp.resolve("din-ml100k.onnx");
        OnnxExporter.save(model, file);
        double[] java = model.clickProbabilities(test);
        try (OnnxCtrModel onnx = OnnxCtrModel.load(file)) {
            double[] ort = onnx.clickProbabilities(test);
            double worst = 0;
            for (int i = 0; i < java.length; i++) {
                worst = Math.max(worst, Math.abs(java[i] - ort[i]));
            }
            System.out.printf("ML-100K DIN (1 epoch): %d test instances, largest |ONNX - Java| = %.3g, file %,d bytes%n",
                    java.length, worst, Files.size(file));
            assertTrue(worst <= 1e-5, "largest difference " + worst);
        }
    }
}
