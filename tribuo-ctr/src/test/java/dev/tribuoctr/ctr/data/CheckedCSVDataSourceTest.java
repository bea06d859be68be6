package dev.tribuoctr.ctr.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.field.IdentityProcessor;
import org.tribuo.data.columnar.processors.response.FieldResponseProcessor;
import org.tribuo.data.csv.CSVDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delimited-file route's checks: a configured column missing from the header, an empty label and a non-finite
 * number are errors naming the file, line and column; a good file gives exactly Tribuo's {@code CSVDataSource}
 * examples.
 */
class CheckedCSVDataSourceTest {
    private static RowProcessor<Label> rows() {
        Map<String, FieldProcessor> fields = new HashMap<>();
        fields.put("item", new IdentityProcessor("item"));
        fields.put("cate", new IdentityProcessor("cate"));
        fields.put("price", new DoubleFieldProcessor("price"));
        fields.put("history", new HistoryFieldProcessor("history"));
        return new RowProcessor<>(new FieldResponseProcessor<>("label", "0", new LabelFactory()), fields);
    }

    private static CheckedCSVDataSource<Label> source(Path file) {
        return new CheckedCSVDataSource<>(file, rows(), new LabelFactory(), true, ',');
    }

    private static List<Example<Label>> read(Path file) {
        List<Example<Label>> examples = new ArrayList<>();
        source(file).forEach(examples::add);
        return examples;
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static List<String> features(Example<Label> example) {
        List<String> list = new ArrayList<>();
        example.forEach(f -> list.add(f.getName() + "=" + f.getValue()));
        java.util.Collections.sort(list);
        return list;
    }

    @Test
    void readsWhatTribuosCsvDataSourceReads(@TempDir Path tmp) throws IOException {
        Path file = write(tmp, "ok.csv", "label,item,cate,price,history,ignored\n1,7,shoes,2.5,3|4,x\n0,8,hats,,,y\n");
        MutableDataset<Label> expected = new MutableDataset<>(new CSVDataSource<>(file, rows(), true));
        List<Example<Label>> actual = read(file);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.getExample(i).getOutput(), actual.get(i).getOutput());
            assertEquals(features(expected.getExample(i)), features(actual.get(i)));
        }
        assertTrue(source(file).getProvenance().toString().contains("hash:ok.csv"));
    }

    @Test
    void aConfiguredColumnMissingFromTheHeaderIsAnErrorBeforeAnyRowIsRead(@TempDir Path tmp) throws IOException {
        Path file = write(tmp, "train.csv", "label,item,price,history\n1,7,2.5,3\n");
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> source(file));
        assertEquals(file + ":1: cate: the configuration reads this column but the header has only"
                + " [label, item, price, history]", e.getMessage());
        assertEquals("cate", e.column());
    }

    @Test
    void anEmptyLabelIsAnErrorNotAZero(@TempDir Path tmp) throws IOException {
        Path file = write(tmp, "train.csv", "label,item,cate,price,history\n1,7,a,1,\n ,8,b,2,\n");
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> read(file));
        assertEquals(file + ":3: label: the label is empty", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void nonFiniteNumbersAreRejectedWithFileLineAndColumn(@TempDir Path tmp) throws IOException {
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "1e308", "abc")) {
            Path file = write(tmp, "t.csv", "label,item,cate,price,history\n1,7,a,1.5,\n0,8,b," + bad + ",\n");
            ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> read(file), bad);
            assertTrue(e.getMessage().startsWith(file + ":3: price: not a"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        Path fine = write(tmp, "fine.csv", "label,item,cate,price,history\n1,7,a,3.4e38,\n");
        assertEquals(1, read(fine).size(), "the largest floats are finite");
    }
}
