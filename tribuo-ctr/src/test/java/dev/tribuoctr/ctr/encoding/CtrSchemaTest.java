package dev.tribuoctr.ctr.encoding;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtrSchemaTest {

    private static CtrSchema schema(String item, List<String> attributes, String history, int t,
                                    List<String> context, List<String> numeric, int minCount) {
        return new CtrSchema(item, attributes, history, t, context, numeric, minCount);
    }

    @Test
    void defaults() {
        CtrSchema s = CtrSchema.defaultSchema();
        assertEquals("item", s.itemField());
        assertEquals(List.of("cate"), s.attributeFields());
        assertEquals("hist_item", s.historyField());
        assertEquals(50, s.maxHistoryLength());
        assertTrue(s.discoversContextFields());
        assertTrue(s.discoversNumericFeatures());
        assertEquals(1, s.minCount());
    }

    @Test
    void constructorValidates() {
        List<String> cate = List.of("cate");
        assertThrows(IllegalArgumentException.class, () -> schema("item", cate, "hist", -1, List.of(), List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> schema("item", cate, "hist", 5, List.of(), List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> schema("", cate, "hist", 5, List.of(), List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> schema("it@em", cate, "hist", 5, List.of(), List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> schema("item", cate, "item", 5, List.of(), List.of(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> schema("item", cate, "hist", 5, List.of("user", "cate"), List.of(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> schema("item", cate, "hist", 5, List.of(), List.of("a@b"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> schema("item", cate, "hist", 5, List.of(), List.of("age", "age"), 1));
        CtrSchema ok = schema("item", List.of(), "hist", 0, List.of("user"), List.of("age"), 2);
        assertEquals(0, ok.maxHistoryLength());
    }

    private static ConfigurationManager manager(String property, Object value) {
        ConfigurationData data = new ConfigurationData("schema", CtrSchema.class.getName());
        if (value instanceof List) {
            @SuppressWarnings("unchecked")
            List<String> list = (List<String>) value;
            data.add(property, ListProperty.createFromStringList(list));
        } else {
            data.add(property, new SimpleProperty(value.toString()));
        }
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(data);
        return cm;
    }

    @Test
    void postConfigValidates() {
        PropertyException e = assertThrows(PropertyException.class, () -> manager("minCount", 0).lookup("schema"));
        assertEquals("minCount", e.getProperty());
        e = assertThrows(PropertyException.class, () -> manager("maxHistoryLength", -2).lookup("schema"));
        assertEquals("maxHistoryLength", e.getProperty());
        e = assertThrows(PropertyException.class, () -> manager("contextFields", List.of("item")).lookup("schema"));
        assertEquals("contextFields", e.getProperty());
        CtrSchema configured = (CtrSchema) manager("maxHistoryLength", 7).lookup("schema");
        assertEquals(7, configured.maxHistoryLength());
        assertEquals(List.of("cate"), configured.attributeFields());
    }

    @Test
    void provenanceRoundTripsAndRecreatesTheSchema() {
        CtrSchema s = schema("it", List.of("cate", "brand"), "hist", 20, List.of("user", "gender"),
                List.of("age"), 3);
        ConfiguredObjectProvenance prov = s.getProvenance();
        ObjectProvenance back = ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(prov));
        assertEquals(prov, back);
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(back);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        CtrSchema recreated = (CtrSchema) cm.lookup(config.get(0).getName());
        assertEquals(s, recreated);
        assertEquals(s.hashCode(), recreated.hashCode());
    }

    @Test
    void defaultProvenanceRecreatesDefaults() {
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(CtrSchema.defaultSchema().getProvenance());
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        assertEquals(CtrSchema.defaultSchema(), cm.lookup(config.get(0).getName()));
    }
}
