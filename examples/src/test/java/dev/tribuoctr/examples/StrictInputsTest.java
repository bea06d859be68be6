package dev.tribuoctr.examples;

import dev.tribuoctr.ctr.data.DataLimits;
import dev.tribuoctr.examples.commands.TrainCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train} (Tribuo's delimited route) and {@code predict} read a delimited file by the same strict rules, run
 * in-JVM as a user runs them: a number Java's lenient parsing would take, an empty history token, a header naming a
 * column twice are refused by both with the file, the physical line (also after a quoted cell spanning lines), the
 * column and the value; and a good file still trains and scores.
 */
class StrictInputsTest {
    private static final String HEADER = "label,item,cate,user,history,price";
    private static final int PRICE = 5;
    private static final int HISTORY = 4;

    @TempDir
    static Path tmp;
    private static Path data;
    private static Path config;
    private static Path onnx;
    private static List<String> trainLines;

    @BeforeAll
    static void trainAndExport() throws IOException {
        data = tmp.resolve("data");
        RealFormatConfigsTest.writeDelimited(data);
        for (String name : List.of("train.csv", "validation.csv", "test.csv")) {
            List<String> lines = Files.readAllLines(data.resolve(name));
            List<String> withPrice = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                withPrice.add(lines.get(i) + "," + (i == 0 ? "price" : (i % 7) + ".5"));
            }
            Files.write(data.resolve(name), withPrice);
        }
        trainLines = Files.readAllLines(data.resolve("train.csv"));
        config = CommandLineSafetyTest.numericConfig(tmp);
        Path run = tmp.resolve("run");
        CliRun ok = train("--out", run.toString());
        assertEquals(0, ok.status(), ok.err());
        onnx = tmp.resolve("m.onnx");
        CliRun export = CliRun.of("export", "--model", run.resolve(TrainCommand.MODEL).toString(), "--out",
                onnx.toString());
        assertEquals(0, export.status(), export.err());
    }

    private static CliRun train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--config", config.toString(), "--data-dir",
                data.toString(), "--@trainer.epochs", "1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    /** Trains on train.csv with its lines replaced, then puts the good file back. */
    private static CliRun trainWith(List<String> lines) throws IOException {
        Path train = data.resolve("train.csv");
        Files.write(train, lines);
        try {
            return train();
        } finally {
            Files.write(train, trainLines);
        }
    }

    private static CliRun predict(String requests) throws IOException {
        Path file = tmp.resolve("requests.csv");
        Files.writeString(file, requests);
        return CliRun.of("predict", "--onnx", onnx.toString(), "--input", file.toString());
    }

    private static String withCell(String line, int column, String value) {
        String[] cells = line.split(",", -1);
        cells[column] = value;
        return String.join(",", cells);
    }

    private static void assertRefused(CliRun r, String prefix, String... contains) {
        assertEquals(CtrCli.FAILURE, r.status(), r.err());
        assertTrue(r.err().startsWith(prefix), "expected '" + prefix + "...', got: " + r.err());
        for (String c : contains) {
            assertTrue(r.err().contains(c), "expected '" + c + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace for an expected error:\n" + r.err());
    }

    @Test
    void numbersJavaWouldTakeAreRefusedByTrainAndPredictAlike() throws IOException {
        Path train = data.resolve("train.csv");
        Path requests = tmp.resolve("requests.csv");
        for (String bad : List.of("7d", "1f", "2L", "0x1p3", "0x10", " 2.5", "2.5 ", "1_000", "1e", "+-1", "\u0663",
                "\uFF11", "-Infinity", "NaN")) {
            List<String> lines = new ArrayList<>(trainLines);
            lines.set(4, withCell(lines.get(4), PRICE, bad));
            assertRefused(trainWith(lines), train + ":5: price: not a", "'" + bad + "'");
            assertRefused(predict(HEADER + "\n1,3,c0,u1,1|2,4\n0,4,c1,u2,," + bad + "\n"), requests + ":3: price: not a",
                    "'" + bad + "'");
        }
        CliRun good = predict(HEADER + "\n1,3,c0,u1,1|2,4\n0,4,c1,u2,,-1.5e0\n1,5,c2,u3,2,.5\n");
        assertEquals(0, good.status(), good.err());
        assertEquals(3, good.out().strip().split("\n").length, good.out());
    }

    @Test
    void aHistoryTrainingRefusesIsRefusedByPredict() throws IOException {
        Path train = data.resolve("train.csv");
        Path requests = tmp.resolve("requests.csv");
        for (String bad : List.of("12||45", "|3", "3|", "3| |4", "|")) {
            List<String> lines = new ArrayList<>(trainLines);
            lines.set(3, withCell(lines.get(3), HISTORY, bad));
            assertRefused(trainWith(lines), train + ":4:", "empty item id", "'" + bad + "'");
            assertRefused(predict(HEADER + "\n1,3,c0,u1,1|2,4\n0,4,c1,u2," + bad + ",1\n"), requests + ":3: history:",
                    "empty item id", "'" + bad + "'");
        }
    }

    @Test
    void aHeaderNamingAColumnTwiceIsRefused() throws IOException {
        Path train = data.resolve("train.csv");
        Path requests = tmp.resolve("requests.csv");
        String[][] cases = {{HEADER + ",price", ",9", "'price'", "columns 6 and 7 of 7"},
                {"label,item,cate,user,item,price", "", "'item'", "columns 2 and 5 of 6"},
                {"note," + HEADER + ",note", "", "'note'", "columns 1 and 8 of 8"}};
        for (String[] c : cases) {
            boolean prefix = c[0].startsWith("note,");
            List<String> lines = new ArrayList<>();
            lines.add(c[0]);
            for (String line : trainLines.subList(1, trainLines.size())) {
                lines.add(prefix ? "n," + line + ",m" : line + c[1]);
            }
            assertRefused(trainWith(lines), train + ":1: " + c[2] + ": the header names this column twice", c[3]);
            String row = "1,3,c0,u1,1|2,4";
            assertRefused(predict(c[0] + "\n" + (prefix ? "n," + row + ",m" : row + c[1]) + "\n"),
                    requests + ":1: " + c[2] + ": the header names this column twice", c[3]);
        }
    }

    @Test
    void errorsAfterAQuotedLineBreakNameThePhysicalLine() throws IOException {
        Path train = data.resolve("train.csv");
        Path requests = tmp.resolve("requests.csv");
        List<String> lines = new ArrayList<>(trainLines);
        // row 2 (line 2) holds a category spanning lines 2-4; row 4 starts on line 6
        lines.set(1, withCell(lines.get(1), 2, "\"c\nsecond\nthird\""));
        lines.set(3, withCell(lines.get(3), PRICE, "4d"));
        assertRefused(trainWith(lines), train + ":6: price: not a number: '4d'");
        assertRefused(predict(HEADER + "\n1,3,\"c0\r\nmore\",u1,1|2,4\n\n0,4,c1,u2,,4d\n"),
                requests + ":5: price: not a number: '4d'");
    }

    @Test
    void aHugeLineOrIdIsRefusedWithItsLine() throws IOException {
        Path train = data.resolve("train.csv");
        Path requests = tmp.resolve("requests.csv");
        String hugeToken = "7".repeat(DataLimits.maxIdChars() + 1);
        List<String> lines = new ArrayList<>(trainLines);
        lines.set(3, withCell(lines.get(3), HISTORY, "1|" + hugeToken));
        assertRefused(trainWith(lines), train + ":4:", "position 2", "ids hold at most " + DataLimits.maxIdChars());
        assertRefused(predict(HEADER + "\n1,3,c0,u1,1|2,4\n0,4,c1,u2,1|" + hugeToken + ",1\n"),
                requests + ":3: history:", "position 2", "ids hold at most " + DataLimits.maxIdChars());

        String hugeCell = "x".repeat(DataLimits.maxLineChars());
        lines = new ArrayList<>(trainLines);
        lines.set(2, withCell(lines.get(2), 3, hugeCell));
        assertRefused(trainWith(lines), train + ":3: the line is longer than " + DataLimits.maxLineChars()
                + " characters");
        // a quoted cell whose lines are each under the limit but together over it
        String half = "x".repeat(DataLimits.maxLineChars() / 2 + 1);
        assertRefused(predict(HEADER + "\n1,3,c0,u1,1|2,4\n\"" + half + "\n" + half + "\",4,c1,u2,,1\n"),
                requests + ":4: the row that starts at line 3 spans lines past this one");
    }
}
