package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source's numeric transforms, declared in its provenance, are found wherever that provenance ends up (a dataset's,
 * a marshalled copy); the transforms themselves map raw values and back.
 */
class DeclaredTransformsTest {
    /** A configurable host standing for a data source. */
    static final class Host implements Configurable {
        @Config(description = "a name")
        private String name = "clicks";
    }

    private static ConfiguredSourceProvenance declaring(Map<String, NumericTransform> transforms) {
        return new ConfiguredSourceProvenance(new Host(), Map.of("train.txt", "ab12"),
                DeclaredTransforms.provenanceValues(transforms));
    }

    @Test
    void aDeclarationIsFoundInTheSourceTheDatasetAndAMarshalledCopy() {
        Map<String, NumericTransform> declared = Map.of("I1", NumericTransform.LOG1P_POSITIVE,
                "price", NumericTransform.IDENTITY);
        ConfiguredSourceProvenance source = declaring(declared);
        assertEquals(declared, DeclaredTransforms.in(source));
        assertEquals(declared, DeclaredTransforms.in(ProvenanceUtil.unmarshalProvenance(
                ProvenanceUtil.marshalProvenance(source))));
        MutableDataset<Label> dataset = new MutableDataset<>(new ListDataSource<>(List.of(new ArrayExample<>(
                new Label("1"), new String[]{"I1"}, new double[]{0.7})), new LabelFactory(), source));
        assertEquals(declared, DeclaredTransforms.in(dataset.getProvenance()));
        // a dataset made from that dataset (a split, a copy) names it as its source
        MutableDataset<Label> copy = new MutableDataset<>(dataset.getData(), dataset.getProvenance(), new LabelFactory());
        assertEquals(declared, DeclaredTransforms.in(copy.getProvenance()));
    }

    @Test
    void noDeclarationIsEmpty() {
        ListDataSource<Label> plain = new ListDataSource<>(List.of(new ArrayExample<>(new Label("1"),
                new String[]{"x"}, new double[]{2.0})), new LabelFactory(),
                new SimpleDataSourceProvenance("hand-made", new LabelFactory()));
        assertTrue(DeclaredTransforms.in(new MutableDataset<>(plain).getProvenance()).isEmpty());
        assertTrue(DeclaredTransforms.in(new ConfiguredSourceProvenance(new Host())).isEmpty());
    }

    @Test
    void aDamagedOrUnknownDeclarationIsAnErrorNamingTheValue() {
        ConfiguredSourceProvenance unknown = new ConfiguredSourceProvenance(new Host(), Map.of(),
                Map.of(DeclaredTransforms.KEY, "{\"I1\":\"SQRT\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeclaredTransforms.in(unknown));
        assertTrue(e.getMessage().contains("'SQRT'") && e.getMessage().contains("I1")
                && e.getMessage().contains("LOG1P_POSITIVE"), e.getMessage());
        ConfiguredSourceProvenance damaged = new ConfiguredSourceProvenance(new Host(), Map.of(),
                Map.of(DeclaredTransforms.KEY, "I1=log"));
        e = assertThrows(IllegalArgumentException.class, () -> DeclaredTransforms.in(damaged));
        assertTrue(e.getMessage().contains(DeclaredTransforms.KEY), e.getMessage());
    }

    @Test
    void twoSourcesDeclaringDifferentTransformsForAFieldAreRefused() {
        ConfiguredSourceProvenance logged = declaring(Map.of("I1", NumericTransform.LOG1P_POSITIVE));
        ConfiguredSourceProvenance raw = declaring(Map.of("I1", NumericTransform.IDENTITY, "I2", NumericTransform.IDENTITY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeclaredTransforms.in(new ListProvenance<>(List.of(logged, raw))));
        assertTrue(e.getMessage().contains("'I1'"), e.getMessage());
        assertEquals(Map.of("I1", NumericTransform.LOG1P_POSITIVE),
                DeclaredTransforms.in(new ListProvenance<>(List.of(logged, logged))));
    }

    @Test
    void transformsMapRawValuesAndBack() {
        NumericTransform log = NumericTransform.LOG1P_POSITIVE;
        assertEquals(0.0, log.apply(-3));
        assertEquals(0.0, log.apply(0));
        assertEquals(Math.log(2), log.apply(1), 1e-15);
        assertEquals(Math.log1p(1e10), log.apply(1e10));
        for (double raw : new double[]{0, 1, 7, 123456, 4e9}) {
            assertEquals(log.apply(raw), log.apply(log.rawValueOf(log.apply(raw))), 1e-12, "raw " + raw);
        }
        assertEquals(-2.5, NumericTransform.IDENTITY.apply(-2.5));
        assertEquals(-2.5, NumericTransform.IDENTITY.rawValueOf(-2.5));
        for (double impossible : new double[]{-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.rawValueOf(impossible));
            assertTrue(e.getMessage().contains("log(1 + max(x, 0))"), e.getMessage());
        }
    }
}
