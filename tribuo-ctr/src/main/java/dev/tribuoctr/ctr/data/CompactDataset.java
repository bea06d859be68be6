package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.encoding.EncodedInstances;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.FeatureMap;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.OutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.protos.core.DatasetProto;
import org.tribuo.provenance.DataProvenance;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * What the compact datasets share: a Tribuo {@code Dataset<Label>} whose examples are made from columns on access
 * ({@link #getExample(int)}), whose list view, iteration and shuffled order are built on that, and whose Tribuo
 * feature map is only made when asked for (by reading every example; training never asks). Java serialization and
 * {@link #serialize()} write a copy of the examples as an {@link ImmutableDataset}: a compact dataset is rebuilt from
 * its source, not stored.
 */
public abstract class CompactDataset extends Dataset<Label> implements EncodedInstances.Columnar {
    private static final long serialVersionUID = 1L;

    private final MutableOutputInfo<Label> outputInfo;
    private final ImmutableOutputInfo<Label> outputIDInfo;
    private transient ImmutableFeatureMap featureMap;
    private int[] order;

    /**
     * @param sourceProvenance the source's provenance
     * @param outputInfo the labels observed, one observation per example in order
     */
    protected CompactDataset(DataProvenance sourceProvenance, MutableOutputInfo<Label> outputInfo) {
        super(sourceProvenance, new LabelFactory());
        this.outputInfo = outputInfo;
        this.outputIDInfo = outputInfo.generateImmutableOutputInfo();
    }

    @Override
    public abstract int size();

    /**
     * Makes an example from the columns.
     * @param index its position, in the source's order
     * @return the example
     */
    @Override
    public abstract Example<Label> getExample(int index);

    /** @return the number of distinct feature names of the examples, counted from the columns */
    protected abstract int distinctFeatures();

    /**
     * @param index a position
     * @throws IndexOutOfBoundsException if it is outside the dataset
     */
    protected final void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("Example " + index + " of a dataset of " + size());
        }
    }

    /** @return a read-only list view whose elements are made on access */
    @Override
    public List<Example<Label>> getData() {
        return new AbstractList<>() {
            @Override
            public Example<Label> get(int index) { return getExample(index); }

            @Override
            public int size() { return CompactDataset.this.size(); }
        };
    }

    @Override
    public synchronized Iterator<Example<Label>> iterator() {
        int[] view = order;
        int size = size();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() { return next < size; }

            @Override
            public Example<Label> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return getExample(view == null ? i : view[i]);
            }
        };
    }

    /**
     * Changes the iteration order, as Tribuo datasets do: a random permutation ({@code true}) or the source's order
     * ({@code false}). The columns never move; training shuffles by index.
     * @param shuffle whether to shuffle
     */
    @Override
    public synchronized void shuffle(boolean shuffle) {
        if (!shuffle) {
            order = null;
            return;
        }
        int[] p = new int[size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        synchronized (rng) {
            for (int i = p.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }
        order = p;
    }

    @Override
    public Set<Label> getOutputs() { return outputIDInfo.getDomain(); }

    @Override
    public ImmutableOutputInfo<Label> getOutputIDInfo() { return outputIDInfo; }

    @Override
    public OutputInfo<Label> getOutputInfo() { return outputInfo.copy(); }

    /**
     * The Tribuo feature map of every feature, built on first use by reading every example (a
     * {@code MutableDataset} of the same source has the same map). Costly on large data; training does not use it.
     * @return the feature map
     */
    @Override
    public synchronized ImmutableFeatureMap getFeatureIDMap() {
        if (featureMap == null) {
            MutableFeatureMap map = new MutableFeatureMap();
            for (int i = 0; i < size(); i++) {
                for (Feature f : getExample(i)) {
                    map.add(f.getName(), f.getValue());
                }
            }
            featureMap = new ImmutableFeatureMap(map);
        }
        return featureMap;
    }

    /** @return {@link #getFeatureIDMap()} */
    @Override
    public FeatureMap getFeatureMap() { return getFeatureIDMap(); }

    /**
     * The provenance of a dataset of the source, with its sizes counted from the columns.
     * @return the provenance
     */
    @Override
    public CompactDatasetProvenance getProvenance() {
        return new CompactDatasetProvenance(sourceProvenance, getClass(), size(), distinctFeatures(),
                outputIDInfo.size());
    }

    /**
     * Serializes a copy of the examples (an {@link ImmutableDataset}); for small data.
     * @return the copy's protobuf form
     */
    @Override
    public DatasetProto serialize() {
        return ImmutableDataset.copyDataset(this).serialize();
    }

    /**
     * Java serialization writes a copy of the examples as an {@link ImmutableDataset}.
     * @return the copy
     */
    protected final Object writeReplace() {
        return ImmutableDataset.copyDataset(this);
    }
}
