package dev.tribuoctr.featuresel.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.ConfiguredSourceProvenance;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Categorical field data with planted structure, for testing field selection: {@code fieldCount} fields
 * {@code f0 … f(F−1)} with {@code cardinality} values each. The click logit is
 * {@code w0[v0] + w1[v1] + strength·(±1 by the parity of v2 + v3)}: fields f0 and f1 matter alone, f2 and f3 only
 * together (a pairwise interaction), f4 is a duplicate of f0 (perfectly correlated), and every other field is
 * noise. Everything derives from the seed.
 */
public final class PlantedFieldDataSource implements ConfigurableDataSource<Label> {
    /** Fields that decide the click probability (f4 duplicates f0). */
    public static final List<String> INFORMATIVE = List.of("f0", "f1", "f2", "f3");
    /** The duplicate of f0. */
    public static final String DUPLICATE = "f4";

    @Config(description = "Number of fields (at least 6).")
    private int fieldCount = 12;
    @Config(description = "Values per field.")
    private int cardinality = 8;
    @Config(description = "Number of examples.")
    private int size = 20000;
    @Config(description = "Strength of the planted effects (logit scale).")
    private double strength = 2.0;
    @Config(description = "Seed of every draw.")
    private long seed = 1L;

    private List<Example<Label>> examples;

    /** For OLCUT. */
    private PlantedFieldDataSource() { }

    /**
     * @param fieldCount number of fields, at least 6
     * @param cardinality values per field, at least 2
     * @param size number of examples
     * @param strength logit scale of the effects
     * @param seed seed
     */
    public PlantedFieldDataSource(int fieldCount, int cardinality, int size, double strength, long seed) {
        this.fieldCount = fieldCount;
        this.cardinality = cardinality;
        this.size = size;
        this.strength = strength;
        this.seed = seed;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public void postConfig() {
        if (fieldCount < 6) { throw new PropertyException("", "fieldCount", "fieldCount must be >= 6"); }
        if (cardinality < 2) { throw new PropertyException("", "cardinality", "cardinality must be >= 2"); }
        if (size < 1) { throw new PropertyException("", "size", "size must be >= 1"); }
        if (!(strength > 0)) { throw new PropertyException("", "strength", "strength must be > 0"); }
        examples = generate();
    }

    private List<Example<Label>> generate() {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w0 = new double[cardinality];
        double[] w1 = new double[cardinality];
        for (int v = 0; v < cardinality; v++) {
            w0[v] = strength * (2 * rng.nextDouble() - 1);
            w1[v] = strength * (2 * rng.nextDouble() - 1);
        }
        List<Example<Label>> out = new ArrayList<>(size);
        int[] values = new int[fieldCount];
        for (int i = 0; i < size; i++) {
            for (int f = 0; f < fieldCount; f++) {
                values[f] = rng.nextInt(cardinality);
            }
            values[4] = values[0];
            double logit = w0[values[0]] + w1[values[1]] + strength * (((values[2] + values[3]) % 2 == 0) ? 1 : -1);
            boolean click = rng.nextDouble() < 1 / (1 + Math.exp(-logit));
            ArrayExample<Label> e = new ArrayExample<>(new Label(click ? "1" : "0"));
            for (int f = 0; f < fieldCount; f++) {
                e.add("f" + f + "@" + values[f], 1.0);
            }
            out.add(e);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public OutputFactory<Label> getOutputFactory() { return new LabelFactory(); }

    @Override
    public Iterator<Example<Label>> iterator() { return examples.iterator(); }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() { return new ConfiguredSourceProvenance(this); }

    @Override
    public String toString() {
        return "PlantedFieldDataSource(fieldCount=" + fieldCount + ",cardinality=" + cardinality + ",size=" + size
                + ",strength=" + strength + ",seed=" + seed + ")";
    }
}
