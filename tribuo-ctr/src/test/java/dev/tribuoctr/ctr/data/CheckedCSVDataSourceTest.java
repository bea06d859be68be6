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

    @Test
    void numbersAreStrictDecimals(@TempDir Path tmp) throws IOException {
        for (String bad : List.of("2.5d", "1f", "0x1p3", " 2.5", "2.5 ", "\u0662", "1e")) {
            Path file = write(tmp, "t.csv", "label,item,cate,price,history\n1,7,a,1.5,\n0,8,b,\"" + bad + "\",\n");
            ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> read(file), bad);
            assertEquals(file + ":3: price: not a number: '" + bad + "'", e.getMessage().substring(0,
                    e.getMessage().indexOf('\'', e.getMessage().indexOf('\'') + 1) + 1));
        }
    }

    @Test
    void aHeaderNamingAColumnTwiceIsRefusedWithBothPositions(@TempDir Path tmp) throws IOException {
        Path file = write(tmp, "t.csv", "label,item,cate,price,history,price\n1,7,a,1.5,,9\n");
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> source(file));
        assertEquals(file + ":1: 'price': the header names this column twice, as columns 4 and 6 of 6; rename one"
                + " (a column is read from one cell only)", e.getMessage());
        Path unread = write(tmp, "u.csv", "x,label,item,cate,price,history,x\n0,1,7,a,1.5,,9\n");
        e = assertThrows(ClickLogFormatException.class, () -> source(unread));
        assertTrue(e.getMessage().startsWith(unread + ":1: 'x': the header names this column twice, as columns 1 and"
                + " 7"), e.getMessage());
    }

    @Test
    void rowsAreKnownByTheirPhysicalLine(@TempDir Path tmp) throws IOException {
        // row 1 spans lines 2-4, a blank line 5, row 2 on line 6 with an empty history token
        Path file = write(tmp, "t.csv", "label,item,cate,price,history\n1,7,\"multi\nline\r\ncate\",1.5,3|4\n\n"
                + "0,8,b,2,3||4\n");
        ClickLogFormatException e = assertThrows(ClickLogFormatException.class, () -> read(file));
        assertTrue(e.getMessage().startsWith(file + ":6: column 'history': empty item id at position 2 of '3||4'"),
                e.getMessage());
        Path bad = write(tmp, "b.csv", "label,item,cate,price,history\n1,7,\"a\nb\",1.5,\n0,8,b,2,,extra\n");
        e = assertThrows(ClickLogFormatException.class, () -> read(bad));
        assertEquals(bad + ":4: expected 5 cells (as the header), found 6", e.getMessage());
        Path open = write(tmp, "o.csv", "label,item,cate,price,history\n1,7,a,1.5,\n0,8,\"b,2,\n1,9,c,3,\n");
        e = assertThrows(ClickLogFormatException.class, () -> read(open));
        assertTrue(e.getMessage().startsWith(open + ":") && e.getMessage().contains("starts at line 3"),
                e.getMessage());
    }
}
