package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.LayoutBuilder;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DataProvenance;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

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
public final class ClickLogDataset extends CompactDataset {
    private static final long serialVersionUID = 1L;
    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    private final LeaveLastOutProtocol protocol;
    private final Split split;
    /** Per instance, the index of its positive in the concatenated timelines. */
    private final int[] positions;
    /** Per instance, the target item code; {@code ~code} for a sampled negative. */
    private final int[] targets;
    private final int distinctFeatures;

    /**
     * Lays out the instances of one split.
     * @param sourceProvenance the provenance of the data source
     * @param protocol the prepared protocol
     * @param split the split
     */
    ClickLogDataset(DataProvenance sourceProvenance, LeaveLastOutProtocol protocol, Split split) {
        this(sourceProvenance, protocol, split, new FirstPass(protocol, split));
    }

    private ClickLogDataset(DataProvenance sourceProvenance, LeaveLastOutProtocol protocol, Split split,
                            FirstPass counted) {
        super(sourceProvenance, counted.labels);
        this.protocol = protocol;
        this.split = split;
        this.positions = new int[counted.instances];
        this.targets = new int[counted.instances];
        int[] next = new int[1];
        protocol.forEachInstance(split, 0, protocol.numUsers(), protocol.newClickedBy(),
                (user, position, item, click) -> {
                    positions[next[0]] = position;
                    targets[next[0]++] = click ? item : ~item;
                });
        this.distinctFeatures = countDistinctFeatures();
    }

    /** Counts the split's instances and observes their labels in order, as a {@code MutableDataset} does. */
    private static final class FirstPass {
        private final MutableOutputInfo<Label> labels = LABEL_FACTORY.generateInfo();
        private int instances;

        FirstPass(LeaveLastOutProtocol protocol, Split split) {
            protocol.forEachInstance(split, 0, protocol.numUsers(), protocol.newClickedBy(),
                    (user, position, item, click) -> {
                        labels.observe(click ? LeaveLastOutProtocol.CLICK : LeaveLastOutProtocol.NO_CLICK);
                        instances++;
                    });
        }
    }

    @Override
    protected int distinctFeatures() { return distinctFeatures; }

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
        checkIndex(index);
        int target = targets[index];
        int position = positions[index];
        return protocol.example(protocol.userAt(position), position, target >= 0 ? target : ~target, target >= 0);
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
                    values.forEach((f, v) -> context.add(ClickFeatureNames.feature(f, v)));
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

    /** Groups by user ({@value LeaveLastOutProtocol#USER_FIELD}): each instance's user in the protocol's order. */
    @Override
    public Optional<IntUnaryOperator> groups(String field) {
        if (!LeaveLastOutProtocol.USER_FIELD.equals(field)) {
            return Optional.empty();
        }
        return Optional.of(index -> protocol.userAt(positions[index]));
    }
}
