package dev.tribuoctr.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.data.TaobaoUserBehaviorDataSource;
import dev.tribuoctr.onnx.OnnxCtrModel;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application jar through spark-submit, as a cluster runs it: a separate JVM whose class path is Spark alone (the
 * provided dependencies and the libraries of Spark's that the plugin also uses, e.g. SLF4J, Jackson, commons-lang3:
 * what a Spark installation's {@code jars/} holds), started with the module options Spark's
 * launcher gives Java 17, running {@code org.apache.spark.deploy.SparkSubmit} (what the {@code spark-submit} script
 * runs) with {@code target/tribuo-ctr-spark.jar} and {@code --class}. Runs after {@code package} (failsafe), so a
 * class missing from the jar fails here.
 */
class SparkSubmitIT {
    private static final Path TARGET = Path.of("target");

    @TempDir
    Path dir;

    @Test
    void theProtocolJobRunsFromTheApplicationJarThroughSparkSubmit() throws IOException, InterruptedException {
        Path file = dir.resolve("UserBehavior.csv");
        ClickFiles.taobao(file, 1500, 5L);
        Path out = dir.resolve("out");
        Process job = sparkSubmit(dir.resolve("submit.log"), "--class", SparkProtocolCommand.class.getName(),
                jar().toString(), "taobao", file.toString(), out.toString(), "--maxHistory", "5", "--seed", "9");
        assertTrue(job.waitFor(240, TimeUnit.SECONDS), "spark-submit did not finish in 4 minutes");
        String log = Files.readString(dir.resolve("submit.log"), StandardCharsets.UTF_8);
        assertEquals(0, job.exitValue(), log);

        // The counts it records are those of the single-machine protocol on the same file and settings.
        JsonNode counts = new ObjectMapper().readTree(out.resolve("provenance.json").toFile()).get("counts");
        for (Split split : Split.values()) {
            TaobaoUserBehaviorDataSource source = new TaobaoUserBehaviorDataSource(file, 0, 5, 9L, split);
            long instances = 0;
            for (var ignored : source) {
                instances++;
            }
            assertEquals(instances, counts.get("instances:" + split.name()).asLong(), split.name());
        }
    }

    @Test
    void theScoringJobRunsFromTheApplicationJarThroughSparkSubmit() throws IOException, InterruptedException {
        Path onnx = SparkOnnxScorerTest.trainAndExport(dir);
        Path input = SparkOnnxScorerTest.write(dir, "score.csv", 200, 2L);
        Path out = dir.resolve("scored");
        Process job = sparkSubmit(dir.resolve("submit.log"), "--class", SparkScoreCommand.class.getName(),
                jar().toString(), "--onnx", onnx.toString(), "--input", input.toString(), "--output", out.toString(),
                "--format", "csv", "--batchSize", "32");
        assertTrue(job.waitFor(240, TimeUnit.SECONDS), "spark-submit did not finish in 4 minutes");
        assertEquals(0, job.exitValue(), Files.readString(dir.resolve("submit.log"), StandardCharsets.UTF_8));

        // Each written row (any order) has the ONNX model's probability for its input line.
        List<Example<Label>> examples = new ArrayList<>();
        SparkOnnxScorerTest.source(input).forEach(examples::add);
        double[] expected;
        try (OnnxCtrModel model = OnnxCtrModel.load(onnx)) {
            expected = model.clickProbabilities(examples);
        }
        List<String> lines = Files.readAllLines(input);
        int rowsWritten = 0;
        Map<String, Double> written = new HashMap<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                List<String> rows = Files.readAllLines(part);
                for (String row : rows.subList(1, rows.size())) {
                    String cells = row.replace("\"", "");
                    int last = cells.lastIndexOf(',');
                    written.merge(cells.substring(0, last), Double.parseDouble(cells.substring(last + 1)), Double::sum);
                    rowsWritten++;
                }
            }
        }
        assertEquals(lines.size() - 1, rowsWritten, "every row written once");
        for (int i = 1; i < lines.size(); i++) {
            Double p = written.get(lines.get(i));
            assertTrue(p != null, "row " + i + " written: " + lines.get(i));
            assertEquals(expected[i - 1], p, 1e-6, "row " + i);
        }
    }

    private static Path jar() {
        Path jar = TARGET.resolve("tribuo-ctr-spark.jar");
        assertTrue(Files.isRegularFile(jar), "run after package: " + jar.toAbsolutePath());
        return jar;
    }

    /** Starts {@code spark-submit --master local[2] ARGS} as a cluster's launcher would, output to {@code log}. */
    private static Process sparkSubmit(Path log, String... args) throws IOException {
        String sparkClassPath = Files.readString(TARGET.resolve("spark-classpath.txt"), StandardCharsets.UTF_8).trim()
                + File.pathSeparator
                + Files.readString(TARGET.resolve("spark-shared-classpath.txt"), StandardCharsets.UTF_8).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(List.of("-cp", sparkClassPath, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.sql.shuffle.partitions=4"));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(".")).start();
    }
}
