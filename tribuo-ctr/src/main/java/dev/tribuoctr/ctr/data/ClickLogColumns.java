package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.LayoutBuilder;
import dev.tribuoctr.ctr.encoding.Vocabulary;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the trainer needs from a {@link ClickLogDataset}'s columns, computed without examples and following the
 * rules of reading its examples (design §1, docs/design/data-encoding.md): which schemas the columns can serve, the counts of the feature layout, and
 * batches encoded against a layout. The examples of a click log have the features {@code item@}, {@code cate@} (when
 * the item has a category), {@code user@}, the user's context fields and {@code hist_item@} with the recency ranks
 * 1 … min(position, maxHistory); a schema that reads them differently (other field names, context fields that leave
 * out one of the data's) is served from the examples instead.
 */
final class ClickLogColumns {
    private static final String ITEM = CtrSchema.DEFAULT_ITEM_FIELD;
    private static final String CATEGORY = CtrSchema.DEFAULT_ATTRIBUTE_FIELD;
    private static final String HISTORY = CtrSchema.DEFAULT_HISTORY_FIELD;

    private final LeaveLastOutProtocol protocol;
    private final ClickLog log;

    ClickLogColumns(LeaveLastOutProtocol protocol) {
        this.protocol = protocol;
        this.log = protocol.log();
    }

    /** The context fields the examples can have: the user and every user context field of the log. */
    private TreeSet<String> dataContextFields() {
        TreeSet<String> fields = new TreeSet<>();
        fields.add(LeaveLastOutProtocol.USER_FIELD);
        for (Map<String, String> values : log.userContext().values()) {
            fields.addAll(values.keySet());
        }
        return fields;
    }

    boolean supports(CtrSchema schema) {
        if (!schema.itemField().equals(ITEM) || !schema.historyField().equals(HISTORY)) {
            return false;
        }
        List<String> attributes = schema.attributeFields();
        boolean attributesMatch = attributes.equals(List.of(CATEGORY))
                || (attributes.isEmpty() && !log.hasCategories());
        if (!attributesMatch) {
            return false;
        }
        TreeSet<String> fields = dataContextFields();
        if (fields.contains(ITEM) || fields.contains(HISTORY) || fields.contains(CATEGORY)) {
            return false;
        }
        return schema.discoversContextFields() || schema.contextFields().containsAll(fields);
    }

    /** Most recent history items an instance keeps under a schema. */
    private int historyLimit(CtrSchema schema) {
        return Math.min(schema.maxHistoryLength(), protocol.maxHistory());
    }

    /**
     * Gives the layout builder the counts the examples would give: target and history occurrences of each item, the
     * category each target row shows, and the rows holding each context value.
     */
    void count(CtrSchema schema, int[] positions, int[] targets, LayoutBuilder builder) {
        int limit = historyLimit(schema);
        int[] targetCounts = new int[log.numItems()];
        int[] userRows = new int[protocol.numUsers()];
        // Each instance covers the timeline range [position - h, position); a difference array sums the coverage.
        int[] coverage = new int[protocol.timelineLength() + 1];
        for (int i = 0; i < targets.length; i++) {
            targetCounts[targets[i] >= 0 ? targets[i] : ~targets[i]]++;
            int position = positions[i];
            int user = protocol.userAt(position);
            userRows[user]++;
            int start = Math.max(protocol.timelineStart(user), position - limit);
            coverage[start]++;
            coverage[position]--;
        }
        int[] historyCounts = new int[log.numItems()];
        int running = 0;
        for (int q = 0; q < protocol.timelineLength(); q++) {
            running += coverage[q];
            historyCounts[protocol.timelineItem(q)] += running;
        }
        coverage = null;
        boolean categories = !schema.attributeFields().isEmpty();
        for (int item = 0; item < targetCounts.length; item++) {
            String name = log.item(item);
            if (targetCounts[item] > 0) {
                builder.countTarget(name, targetCounts[item]);
                String category = protocol.category(item);
                if (categories && category != null) {
                    builder.countTargetAttribute(0, name, category, targetCounts[item]);
                }
            }
            if (historyCounts[item] > 0) {
                builder.countHistory(name, historyCounts[item]);
            }
        }
        Map<String, Map<String, Integer>> context = new HashMap<>();
        for (int k = 0; k < userRows.length; k++) {
            if (userRows[k] == 0) {
                continue;
            }
            String userId = log.user(protocol.userCode(k));
            builder.countContext(LeaveLastOutProtocol.USER_FIELD, userId, userRows[k]);
            Map<String, String> values = log.userContext().get(userId);
            if (values != null) {
                int rows = userRows[k];
                values.forEach((f, v) -> context.computeIfAbsent(f, x -> new HashMap<>()).merge(v, rows, Integer::sum));
            }
        }
        context.forEach((f, counts) -> counts.forEach((v, n) -> builder.countContext(f, v, n)));
    }

    EncodedInstances encode(CtrFeatureLayout layout, int[] positions, int[] targets) {
        if (!supports(layout.schema())) {
            throw new IllegalArgumentException("The click-log columns cannot be encoded with " + layout.schema());
        }
        return new Instances(layout, positions, targets);
    }

    /** The instances encoded against a layout: index tables per item and user code, batches assembled on demand. */
    private final class Instances implements EncodedInstances {
        private final int[] positions;
        private final int[] targets;
        private final int historyLength;
        private final int historyLimit;
        private final int numericCount;
        /** Vocabulary index of each item code. */
        private final int[] itemIndex;
        /** Per attribute group, the index of the category a target row of each item code shows. */
        private final int[][] targetAttribute;
        /** Per attribute group, the item→attribute table's entry of each item code (history attributes). */
        private final int[][] historyAttribute;
        /** Per context field, the value index of each kept user (padding where the user has no value). */
        private final int[][] userContext;

        Instances(CtrFeatureLayout layout, int[] positions, int[] targets) {
            this.positions = positions;
            this.targets = targets;
            this.historyLength = layout.historyLength();
            this.historyLimit = historyLimit(layout.schema());
            this.numericCount = layout.numericFeatures().size();
            int items = log.numItems();
            Vocabulary vocabulary = layout.itemVocabulary();
            this.itemIndex = new int[items];
            for (int code = 0; code < items; code++) {
                itemIndex[code] = vocabulary.index(log.item(code));
            }
            int groups = layout.attributeCount();
            this.targetAttribute = new int[groups][items];
            this.historyAttribute = new int[groups][items];
            for (int g = 0; g < groups; g++) {
                Vocabulary categories = layout.attributeVocabulary(g);
                for (int code = 0; code < items; code++) {
                    String category = protocol.category(code);
                    targetAttribute[g][code] = category == null ? Vocabulary.OOV : categories.index(category);
                    historyAttribute[g][code] = layout.itemAttributes().attribute(g, itemIndex[code]);
                }
            }
            List<String> fields = layout.contextFields();
            this.userContext = new int[fields.size()][protocol.numUsers()];
            for (int k = 0; k < protocol.numUsers(); k++) {
                String userId = log.user(protocol.userCode(k));
                Map<String, String> values = log.userContext().get(userId);
                for (int f = 0; f < fields.size(); f++) {
                    String field = fields.get(f);
                    String value = field.equals(LeaveLastOutProtocol.USER_FIELD) ? userId
                            : values == null ? null : values.get(field);
                    userContext[f][k] = value == null ? Vocabulary.PADDING : layout.contextVocabulary(f).index(value);
                }
            }
        }

        @Override
        public int size() { return targets.length; }

        @Override
        public CtrBatch select(int[] rows) {
            int size = rows.length;
            int groups = targetAttribute.length;
            int fields = userContext.length;
            int[] items = new int[size];
            int[][] attributes = new int[groups][size];
            int[] history = new int[size * historyLength];
            int[][] historyAttributes = new int[groups][size * historyLength];
            int[][] contextIndices = new int[fields][size];
            float[][] contextWeights = new float[fields][size];
            int[] widths = new int[fields];
            Arrays.fill(widths, 1);
            float[] labels = new float[size];
            for (int b = 0; b < size; b++) {
                int row = rows[b];
                int target = targets[row];
                int code = target >= 0 ? target : ~target;
                int position = positions[row];
                int user = protocol.userAt(position);
                labels[b] = target >= 0 ? 1f : 0f;
                items[b] = itemIndex[code];
                for (int g = 0; g < groups; g++) {
                    attributes[g][b] = targetAttribute[g][code];
                }
                // Slot t holds recency rank t + 1: the click just before the positive comes first.
                int kept = Math.min(historyLimit, position - protocol.timelineStart(user));
                int base = b * historyLength;
                for (int t = 0; t < kept; t++) {
                    int clicked = protocol.timelineItem(position - 1 - t);
                    history[base + t] = itemIndex[clicked];
                    for (int g = 0; g < groups; g++) {
                        historyAttributes[g][base + t] = historyAttribute[g][clicked];
                    }
                }
                for (int f = 0; f < fields; f++) {
                    int value = userContext[f][user];
                    contextIndices[f][b] = value;
                    contextWeights[f][b] = value == Vocabulary.PADDING ? 0f : 1f;
                }
            }
            return new CtrBatch(size, historyLength, items, attributes, history, historyAttributes, contextIndices,
                    contextWeights, widths, new float[size * numericCount], numericCount, labels);
        }
    }
}
