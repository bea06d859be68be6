package dev.tribuoctr.featuresel.data;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import org.tribuo.CategoricalInfo;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.RealInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.protos.core.DatasetProto;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A Tribuo {@code Dataset<Label>} backed by {@link FieldColumns}: it holds a few bytes per row instead of an
 * {@code Example}, and materialises an example only when one is asked for ({@link #getExample}, iteration, the
 * lazy {@link #getData()} list). Feature selection and training, provenance and evaluation work on it as on a
 * {@code MutableDataset} of the same rows; {@code LpfsFeatureSelector} and {@code GatedFieldTrainer} read its
 * columns directly and never materialise an example.
 * <ul>
 *   <li>The feature map lists every {@code field@value} of the dictionaries (a categorical info with the value 1
 *   observed as often as the value's row count) and every numeric field (a real info over its present values); it is
 *   built on first use. The output info holds the labels "1" and "0" that occur.</li>
 *   <li>{@link #shuffle(boolean)} permutes the iteration order (as Tribuo's datasets do); {@link #getExample(int)}
 *   and {@link #getData()} keep the row order.</li>
 *   <li>{@link #serialize()} writes the protobuf form of an {@code ImmutableDataset} copy: it materialises every
 *   example, so it needs the memory the columns avoid. Java serialization keeps the columns.</li>
 * </ul>
 */
public final class FieldColumnsDataset extends Dataset<Label> {
    private static final long serialVersionUID = 1L;
    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    private final FieldColumns columns;
    private final ImmutableOutputInfo<Label> outputInfo;
    /** Row of each iteration position, or null for row order. */
    private int[] order;
    private transient ImmutableFeatureMap featureMap;

    /**
     * @param columns the rows
     * @param sourceProvenance the provenance of the source they were read from
     */
    public FieldColumnsDataset(FieldColumns columns, DataProvenance sourceProvenance) {
        super(sourceProvenance, LABEL_FACTORY);
        this.columns = columns;
        MutableOutputInfo<Label> info = LABEL_FACTORY.generateInfo();
        Label one = new Label(FieldColumns.POSITIVE);
        Label zero = new Label(FieldColumns.NEGATIVE);
        for (int r = 0; r < columns.size(); r++) {
            info.observe(columns.positive(r) ? one : zero);
        }
        this.outputInfo = info.generateImmutableOutputInfo();
    }

    /**
     * Reads a source's columns (streaming a file source once, no example made).
     * @param source the source
     * @return the dataset, with the source's provenance
     */
    public static FieldColumnsDataset read(FieldColumnsSource source) {
        return new FieldColumnsDataset(source.readColumns(), source.getProvenance());
    }

    /** @return the columns */
    public FieldColumns columns() { return columns; }

    /** @return whether {@link #shuffle(boolean)} has permuted the iteration order (else it is row order) */
    public synchronized boolean isShuffled() { return order != null; }

    /** @return the row of each iteration position (a copy; row order unless shuffled) */
    public synchronized int[] rowOrder() {
        if (order != null) {
            return order.clone();
        }
        int[] rows = new int[columns.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** @return per example in iteration order, 1 for a click and 0 otherwise (no example made) */
    public int[] clickLabels() {
        int[] rows = rowOrder();
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = columns.positive(rows[i]) ? 1 : 0;
        }
        return labels;
    }

    @Override
    public int size() { return columns.size(); }

    @Override
    public Example<Label> getExample(int index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("Example index " + index + " is out of bounds.");
        }
        return columns.example(index);
    }

    /** @return a lazy, unmodifiable list of the examples in row order (each {@code get} materialises one) */
    @Override
    public List<Example<Label>> getData() {
        return new Rows();
    }

    @Override
    public synchronized void shuffle(boolean shuffle) {
        if (!shuffle) {
            order = null;
            return;
        }
        int[] rows = rowOrder();
        for (int i = rows.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        order = rows;
    }

    @Override
    public synchronized Iterator<Example<Label>> iterator() {
        int[] rows = order;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() { return next < columns.size(); }

            @Override
            public Example<Label> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return columns.example(rows == null ? i : rows[i]);
            }
        };
    }

    @Override
    public Set<Label> getOutputs() { return outputInfo.getDomain(); }

    @Override
    public ImmutableOutputInfo<Label> getOutputIDInfo() { return outputInfo; }

    @Override
    public ImmutableOutputInfo<Label> getOutputInfo() { return outputInfo; }

    @Override
    public synchronized ImmutableFeatureMap getFeatureIDMap() {
        if (featureMap == null) {
            featureMap = buildFeatureMap();
        }
        return featureMap;
    }

    @Override
    public ImmutableFeatureMap getFeatureMap() { return getFeatureIDMap(); }

    private ImmutableFeatureMap buildFeatureMap() {
        List<VariableInfo> infos = new ArrayList<>();
        List<String> names = columns.fieldNames();
        for (int c = 0; c < names.size(); c++) {
            int distinct = columns.distinctValues(c);
            if (columns.isNumeric(c)) {
                if (distinct > 0) {
                    infos.add(realInfo(c));
                }
                continue;
            }
            for (int code = 1; code <= distinct; code++) {
                infos.add(new OnesInfo(names.get(c) + "@" + columns.categoricalValue(c, code), columns.count(c, code)));
            }
        }
        return new ImmutableFeatureMap(infos);
    }

    private RealInfo realInfo(int c) {
        long n = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int code = 1; code <= columns.distinctValues(c); code++) {
            double v = columns.numericValue(c, code);
            int k = columns.count(c, code);
            n += k;
            sum += k * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        double sumSquares = 0;
        for (int code = 1; code <= columns.distinctValues(c); code++) {
            double d = columns.numericValue(c, code) - mean;
            sumSquares += columns.count(c, code) * d * d;
        }
        return new RealInfo(columns.fieldNames().get(c), Math.toIntExact(n), max, min, mean, sumSquares);
    }

    @Override
    public synchronized DatasetProvenance getProvenance() {
        return new DatasetProvenance(sourceProvenance, new ListProvenance<>(), this);
    }

    /**
     * Serializes a materialised copy ({@code ImmutableDataset.copyDataset(this)}): every example is made, so this
     * needs the memory of a Tribuo dataset of the same rows.
     * @return the protobuf form of the copy
     */
    @Override
    public DatasetProto serialize() {
        return ImmutableDataset.copyDataset(this).serialize();
    }

    @Override
    public String toString() {
        return "FieldColumnsDataset(source=" + sourceProvenance + ",rows=" + size() + ",fields="
                + columns.fieldNames().size() + ")";
    }

    /** The examples in row order, made on access. */
    private final class Rows extends AbstractList<Example<Label>> implements RandomAccess {
        @Override
        public Example<Label> get(int index) { return getExample(index); }

        @Override
        public int size() { return columns.size(); }
    }

    /** A categorical feature seen {@code count} times with the value 1 (what {@code observe(1.0)} would record). */
    private static final class OnesInfo extends CategoricalInfo {
        private static final long serialVersionUID = 1L;

        OnesInfo(String name, int count) {
            super(name);
            this.observedValue = 1.0;
            this.observedCount = count;
            this.count = count;
        }
    }
}
