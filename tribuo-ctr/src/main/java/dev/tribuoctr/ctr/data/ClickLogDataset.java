package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.LayoutBuilder;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.FeatureMap;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.OutputInfo;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.protos.core.DatasetProto;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * One split of a click log under the {@link LeaveLastOutProtocol}, held as int columns: a Tribuo
 * {@code Dataset<Label>} whose instances are two ints each (the timeline position of the positive, and the target
 * item code, bit-inverted for a sampled negative) over the protocol's per-user timelines, which are shared by the
 * three splits. Histories are slices of those timelines, never copied per instance; names live once, in the log's
 * dictionaries. An {@link Example} is made only when someone asks for one ({@link #iterator()},
 * {@link #getExample(int)}), and it equals the example the data source yields at that position.
 * <p>
 * {@link dev.tribuoctr.ctr.train.MetaWrapperTrainer} reads the columns directly ({@link EncodedInstances.Columnar}):
 * it builds the same feature layout and trains the same model as from a {@code MutableDataset} of the same source,
 * without any example. {@link #getFeatureMap()} is built on first use by reading every example (the trainer does not
 * call it); {@link #serialize()} copies the examples into an {@link ImmutableDataset} first, so both are for small
 * data.
 */
public final class ClickLogDataset extends Dataset<Label> implements EncodedInstances.Columnar {
    private static final long serialVersionUID = 1L;
    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    private final LeaveLastOutProtocol protocol;
    private final Split split;
    /** Per instance, the index of its positive in the concatenated timelines. */
    private final int[] positions;
    /** Per instance, the target item code; {@code ~code} for a sampled negative. */
    private final int[] targets;
    private final MutableOutputInfo<Label> outputInfo;
    private final ImmutableOutputInfo<Label> outputIDInfo;
    private final int distinctFeatures;
    private transient ImmutableFeatureMap featureMap;
    private int[] order;

    /**
     * Lays out the instances of one split.
     * @param sourceProvenance the provenance of the data source
     * @param protocol the prepared protocol
     * @param split the split
     */
    ClickLogDataset(DataProvenance sourceProvenance, LeaveLastOutProtocol protocol, Split split) {
        super(sourceProvenance, LABEL_FACTORY);
        this.protocol = protocol;
        this.split = split;
        int users = protocol.numUsers();
        int[] clickedBy = protocol.newClickedBy();
        int[] count = new int[1];
        protocol.forEachInstance(split, 0, users, clickedBy, (user, position, item, click) -> count[0]++);
        this.positions = new int[count[0]];
        this.targets = new int[count[0]];
        Arrays.fill(clickedBy, -1);
        int[] next = new int[1];
        protocol.forEachInstance(split, 0, users, clickedBy, (user, position, item, click) -> {
            positions[next[0]] = position;
            targets[next[0]++] = click ? item : ~item;
        });
        this.outputInfo = LABEL_FACTORY.generateInfo();
        for (int target : targets) {
            outputInfo.observe(target >= 0 ? LeaveLastOutProtocol.CLICK : LeaveLastOutProtocol.NO_CLICK);
        }
        this.outputIDInfo = outputInfo.generateImmutableOutputInfo();
        this.distinctFeatures = countDistinctFeatures();
    }

    /** @return the split these instances belong to */
    public Split split() { return split; }

    /** @return the protocol (users, timelines, dictionaries) shared by the splits of the log */
    public LeaveLastOutProtocol protocol() { return protocol; }

    @Override
    public int size() { return targets.length; }

    /**
     * Makes the example of an instance.
     * @param index the instance, in the source's order
     * @return its example
     */
    @Override
    public Example<Label> getExample(int index) {
        if (index < 0 || index >= targets.length) {
            throw new IndexOutOfBoundsException("Instance " + index + " of a dataset of " + targets.length);
        }
        int target = targets[index];
        int position = positions[index];
        return protocol.example(protocol.userAt(position), position, target >= 0 ? target : ~target, target >= 0);
    }

    /** @return a read-only list view whose elements are made on access */
    @Override
    public List<Example<Label>> getData() {
        return new AbstractList<>() {
            @Override
            public Example<Label> get(int index) { return getExample(index); }

            @Override
            public int size() { return targets.length; }
        };
    }

    @Override
    public synchronized Iterator<Example<Label>> iterator() {
        int[] view = order;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() { return next < targets.length; }

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
     * ({@code false}). The columns themselves never move; training shuffles by index.
     * @param shuffle whether to shuffle
     */
    @Override
    public synchronized void shuffle(boolean shuffle) {
        if (!shuffle) {
            order = null;
            return;
        }
        int[] p = new int[targets.length];
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
    public Set<Label> getOutputs() {
        return outputIDInfo.getDomain();
    }

    @Override
    public ImmutableOutputInfo<Label> getOutputIDInfo() { return outputIDInfo; }

    @Override
    public OutputInfo<Label> getOutputInfo() { return outputInfo.copy(); }

    /**
     * The Tribuo feature map of every feature of the split, built on first use by reading every example (a
     * {@code MutableDataset} of the same source has the same map). Costly on large data; training does not use it.
     * @return the feature map
     */
    @Override
    public synchronized ImmutableFeatureMap getFeatureIDMap() {
        if (featureMap == null) {
            MutableFeatureMap map = new MutableFeatureMap();
            for (int i = 0; i < targets.length; i++) {
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
     * The provenance of a dataset of this source, with its size and number of distinct features computed from the
     * columns.
     * @return the provenance
     */
    @Override
    public DatasetProvenance getProvenance() {
        return new CompactDatasetProvenance(sourceProvenance, ClickLogDataset.class, targets.length,
                distinctFeatures, outputIDInfo.size());
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
     * Java serialization writes a copy of the examples (an {@link ImmutableDataset}); the columns refer to the
     * protocol, which is rebuilt from the data source rather than serialized.
     * @return the copy
     */
    private Object writeReplace() {
        return ImmutableDataset.copyDataset(this);
    }

    /** Counts the distinct feature names of the split's examples from the columns. */
    private int countDistinctFeatures() {
        ClickLog log = protocol.log();
        boolean[] target = new boolean[log.numItems()];
        boolean[] history = new boolean[log.numItems()];
        boolean[] user = new boolean[protocol.numUsers()];
        Set<String> categories = new HashSet<>();
        int count = 0;
        int[] previous = {-1, -1};
        for (int i = 0; i < targets.length; i++) {
            int item = targets[i] >= 0 ? targets[i] : ~targets[i];
            if (!target[item]) {
                target[item] = true;
                count++;
                if (protocol.category(item) != null) {
                    categories.add(protocol.category(item));
                }
            }
            int position = positions[i];
            int k = protocol.userAt(position);
            user[k] = true;
            if (previous[0] == position) {
                continue; // the negative shares its positive's history
            }
            previous[0] = position;
            int start = Math.max(protocol.timelineStart(k), position - protocol.maxHistory());
            for (int q = start; q < position; q++) {
                history[protocol.timelineItem(q)] = true;
            }
        }
        Set<String> context = new TreeSet<>();
        for (int k = 0; k < user.length; k++) {
            if (user[k]) {
                count++;
                Map<String, String> values = log.userContext().get(log.user(protocol.userCode(k)));
                if (values != null) {
                    values.forEach((f, v) -> context.add(f + '@' + v));
                }
            }
        }
        for (boolean h : history) {
            count += h ? 1 : 0;
        }
        return count + categories.size() + context.size();
    }

    // ---- columnar training ----

    @Override
    public boolean supports(CtrSchema schema) {
        return new ClickLogColumns(protocol).supports(schema);
    }

    @Override
    public CtrFeatureLayout buildLayout(CtrSchema schema, Map<String, List<String>> itemMetadata) {
        LayoutBuilder builder = new LayoutBuilder(schema);
        new ClickLogColumns(protocol).count(schema, positions, targets, builder);
        return builder.finish(itemMetadata);
    }

    @Override
    public EncodedInstances encode(CtrFeatureLayout layout) {
        return new ClickLogColumns(protocol).encode(layout, positions, targets);
    }
}
