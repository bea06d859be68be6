package dev.tribuoctr.onnx;

import dev.tribuoctr.ctr.encoding.NumericTransform;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema metadata: JSON round trip, lookups by role, and clear errors for foreign or future formats. */
class OnnxSchemaTest {
    private static OnnxSchema schema() {
        return new OnnxSchema(OnnxSchema.FORMAT_VERSION, OnnxSchema.CTR, "item", List.of("cate"), "hist_item", 50,
                "ATTENTION", List.of(
                new OnnxInput("item", OnnxInput.Role.ITEM, "item", 1, "labelencoder_0"),
                new OnnxInput("cate", OnnxInput.Role.ATTRIBUTE, "cate", 1, "labelencoder_1"),
                new OnnxInput("history", OnnxInput.Role.HISTORY, "hist_item", 2, "labelencoder_0"),
                new OnnxInput("tags", OnnxInput.Role.CATEGORICAL, "tags", 2, "labelencoder_2"),
                new OnnxInput("tags_weight", OnnxInput.Role.WEIGHT, "tags", 2, null),
                new OnnxInput("price", OnnxInput.Role.NUMERIC, "price", 1, null)), OnnxSchema.OUTPUT);
    }

    @Test
    void roundTripsThroughJson() {
        OnnxSchema s = schema();
        assertEquals(s, OnnxSchema.fromJson(s.toJson()));
        assertEquals(List.of("tags_weight"), s.inputs(OnnxInput.Role.WEIGHT).stream().map(OnnxInput::name).toList());
        assertEquals("history", s.input(OnnxInput.Role.HISTORY, "hist_item").orElseThrow().name());
        assertTrue(s.input(OnnxInput.Role.CATEGORICAL, "user").isEmpty());
        assertTrue(OnnxInput.Role.HISTORY.isString());
        assertTrue(!OnnxInput.Role.WEIGHT.isString());
    }

    @Test
    void rejectsUnknownFormatsAndKinds() {
        String json = schema().toJson();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxSchema.fromJson(json.replace("\"formatVersion\":1", "\"formatVersion\":99")));
        assertTrue(e.getMessage().contains("format 99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxSchema.fromJson(json.replace("\"ctr\"", "\"tree\"")));
        assertTrue(e.getMessage().contains("tree"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxSchema.fromJson("{not json"));
        assertTrue(e.getMessage().contains(OnnxSchema.METADATA_KEY), e.getMessage());
    }

    @Test
    void numericTransformsRoundTripAndTheNoteSaysWhatTheGraphDoes() {
        OnnxSchema recorded = new OnnxSchema(OnnxSchema.FORMAT_VERSION, OnnxSchema.FIELD, null, List.of(), null, 0,
                null, List.of(new OnnxInput("C1", OnnxInput.Role.CATEGORICAL, "C1", 1, "labelencoder_0"),
                new OnnxInput("I1", OnnxInput.Role.NUMERIC, "I1", 1, null, NumericTransform.LOG1P_POSITIVE.name()),
                new OnnxInput("x", OnnxInput.Role.NUMERIC, "x", 1, null, NumericTransform.IDENTITY.name())),
                OnnxSchema.OUTPUT);
        assertEquals(recorded, OnnxSchema.fromJson(recorded.toJson()));
        assertEquals(NumericTransform.LOG1P_POSITIVE, recorded.inputs().get(1).numericTransform("f.onnx"));
        String note = recorded.numericInputsNote();
        assertTrue(note.contains("I1: log(1 + max(x, 0))") && note.contains("x: x") && !note.contains("as they are"),
                note);

        // a file written before transforms were recorded: no "transform" in its JSON
        String old = schema().toJson().replace(",\"transform\":null", "");
        assertTrue(!old.contains("transform"), old);
        OnnxSchema read = OnnxSchema.fromJson(old);
        assertEquals(schema(), read);
        assertEquals(NumericTransform.IDENTITY, read.inputs().get(5).numericTransform("old.onnx"));
        note = read.numericInputsNote();
        assertTrue(note.contains("[price] are taken as they are"), note);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnnxInput("I1",
                OnnxInput.Role.NUMERIC, "I1", 1, null, "LOG10").numericTransform("m.onnx"));
        assertTrue(e.getMessage().contains("m.onnx, input 'I1'") && e.getMessage().contains("'LOG10'"), e.getMessage());
        assertEquals("No numeric inputs.", new OnnxSchema(OnnxSchema.FORMAT_VERSION, OnnxSchema.FIELD, null, List.of(),
                null, 0, null, recorded.inputs().subList(0, 1), OnnxSchema.OUTPUT).numericInputsNote());
    }

    @Test
    void graphWriterRefusesTwoInputsWithOneName() {
        GraphWriter g = new GraphWriter();
        g.stringInput("item", 1, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.floatInput("item", 1, null));
        assertTrue(e.getMessage().contains("'item'"), e.getMessage());
    }
}
