package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.protos.InterestArchitectureProto;
import dev.tribuoctr.ctr.protos.PoolingProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shapes of the interest model of design §2 (docs/design/interest-model.md): embedding groups, the selector's and the predictor's layer sizes,
 * and the pooling. It names the parameters the way the golden vectors do ({@code emb.item}, {@code sel.w1},
 * {@code pred.b3}, …), says which belong to θ (embeddings and predictor) and which to φ (the selector), and draws
 * initial values.
 */
public final class InterestArchitecture implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Name of the item embedding group, shared by the target item and the history. */
    public static final String ITEM_GROUP = "item";
    /** Prefix of the feature selector's (attention unit's) parameters, φ. */
    public static final String SELECTOR_PREFIX = "sel.";
    /** Prefix of the base predictor's parameters. */
    public static final String PREDICTOR_PREFIX = "pred.";
    /** Prefix of the embedding tables. */
    public static final String EMBEDDING_PREFIX = "emb.";

    private final int itemVocab;
    private final int itemDim;
    private final List<String> attributeGroups;
    private final int[] attributeVocabs;
    private final int[] attributeDims;
    private final List<String> contextFields;
    private final int[] contextVocabs;
    private final int[] contextDims;
    private final int numericCount;
    private final int[] selectorHidden;
    private final int[] predictorHidden;
    private final Pooling pooling;

    /**
     * @param itemVocab item vocabulary size (padding and OOV included)
     * @param itemDim item embedding size
     * @param attributeGroups attribute group names (e.g. {@code cate})
     * @param attributeVocabs their vocabulary sizes
     * @param attributeDims their embedding sizes
     * @param contextFields context field names (e.g. {@code user})
     * @param contextVocabs their vocabulary sizes
     * @param contextDims their embedding sizes
     * @param numericCount number of numeric features
     * @param selectorHidden hidden sizes of the feature selector (at least one)
     * @param predictorHidden hidden sizes of the base predictor (at least one)
     * @param pooling pooling of the history
     */
    public InterestArchitecture(int itemVocab, int itemDim, List<String> attributeGroups, int[] attributeVocabs,
                                int[] attributeDims, List<String> contextFields, int[] contextVocabs, int[] contextDims,
                                int numericCount, int[] selectorHidden, int[] predictorHidden, Pooling pooling) {
        require(itemVocab >= 2 && itemDim > 0, "item vocabulary must hold padding and OOV and the dimension be positive");
        require(attributeGroups.size() == attributeVocabs.length && attributeGroups.size() == attributeDims.length,
                "attribute names, vocabularies and dimensions differ in length");
        require(contextFields.size() == contextVocabs.length && contextFields.size() == contextDims.length,
                "context names, vocabularies and dimensions differ in length");
        require(selectorHidden.length >= 1 && predictorHidden.length >= 1, "both MLPs need at least one hidden layer");
        require(Arrays.stream(selectorHidden).allMatch(h -> h > 0) && Arrays.stream(predictorHidden).allMatch(h -> h > 0),
                "hidden sizes must be positive");
        require(Arrays.stream(attributeDims).allMatch(d -> d > 0) && Arrays.stream(contextDims).allMatch(d -> d > 0),
                "embedding sizes must be positive");
        require(numericCount >= 0, "numericCount must be >= 0");
        this.itemVocab = itemVocab;
        this.itemDim = itemDim;
        this.attributeGroups = List.copyOf(attributeGroups);
        this.attributeVocabs = attributeVocabs.clone();
        this.attributeDims = attributeDims.clone();
        this.contextFields = List.copyOf(contextFields);
        this.contextVocabs = contextVocabs.clone();
        this.contextDims = contextDims.clone();
        this.numericCount = numericCount;
        this.selectorHidden = selectorHidden.clone();
        this.predictorHidden = predictorHidden.clone();
        this.pooling = pooling;
    }

    private static void require(boolean ok, String msg) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid interest architecture: " + msg);
        }
    }

    /** @return {@code K}, the size of an item representation (item embedding plus attribute embeddings) */
    public int itemRepresentationSize() {
        return itemDim + Arrays.stream(attributeDims).sum();
    }

    /** @return the size of the context vector {@code c} */
    public int contextSize() {
        return Arrays.stream(contextDims).sum();
    }

    /** @return the predictor's input size, {@code 2K + |c| + numeric} */
    public int predictorInputSize() {
        return 2 * itemRepresentationSize() + contextSize() + numericCount;
    }

    /** @return the item embedding size */
    public int itemDim() { return itemDim; }

    /** @return the item vocabulary size */
    public int itemVocab() { return itemVocab; }

    /** @return attribute group names */
    public List<String> attributeGroups() { return attributeGroups; }

    /** @param a attribute group @return its embedding size */
    public int attributeDim(int a) { return attributeDims[a]; }

    /** @return context field names */
    public List<String> contextFields() { return contextFields; }

    /** @param f context field @return its embedding size */
    public int contextDim(int f) { return contextDims[f]; }

    /** @return the number of numeric features */
    public int numericCount() { return numericCount; }

    /** @return the pooling */
    public Pooling pooling() { return pooling; }

    /** @return number of dense layers of the selector (hidden layers + the score layer) */
    public int selectorLayers() { return selectorHidden.length + 1; }

    /** @return number of dense layers of the predictor (hidden layers + the logit layer) */
    public int predictorLayers() { return predictorHidden.length + 1; }

    /** @return a copy of the selector hidden sizes */
    public int[] selectorHidden() { return selectorHidden.clone(); }

    /** @return a copy of the predictor hidden sizes */
    public int[] predictorHidden() { return predictorHidden.clone(); }

    /** @param group embedding group ({@link #ITEM_GROUP}, an attribute group or a context field) @return its table's name */
    public static String tableName(String group) { return EMBEDDING_PREFIX + group; }

    /** @param name parameter name @return whether it is an embedding table (θ, updated row-wise) */
    public static boolean isEmbedding(String name) { return name.startsWith(EMBEDDING_PREFIX); }

    /** @param name parameter name @return whether it belongs to φ, the feature selector */
    public static boolean isSelector(String name) { return name.startsWith(SELECTOR_PREFIX); }

    /** @return parameter names and shapes in canonical order: tables, selector (if used), predictor */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(tableName(ITEM_GROUP), new long[]{itemVocab, itemDim});
        for (int a = 0; a < attributeGroups.size(); a++) {
            shapes.put(tableName(attributeGroups.get(a)), new long[]{attributeVocabs[a], attributeDims[a]});
        }
        for (int f = 0; f < contextFields.size(); f++) {
            shapes.put(tableName(contextFields.get(f)), new long[]{contextVocabs[f], contextDims[f]});
        }
        if (pooling.usesSelector()) {
            addDenseShapes(shapes, SELECTOR_PREFIX, 4 * itemRepresentationSize(), selectorHidden);
        }
        addDenseShapes(shapes, PREDICTOR_PREFIX, predictorInputSize(), predictorHidden);
        return shapes;
    }

    private static void addDenseShapes(Map<String, long[]> shapes, String prefix, int in, int[] hidden) {
        int prev = in;
        List<Integer> sizes = new ArrayList<>();
        for (int h : hidden) { sizes.add(h); }
        sizes.add(1);
        for (int l = 0; l < sizes.size(); l++) {
            shapes.put(prefix + "w" + (l + 1), new long[]{prev, sizes.get(l)});
            shapes.put(prefix + "b" + (l + 1), new long[]{1, sizes.get(l)});
            prev = sizes.get(l);
        }
    }

    /**
     * Draws initial parameters: embeddings ~ N(0, embeddingStd²) with a zero padding row, dense weights Glorot
     * uniform, biases zero.
     * @param rng random source
     * @param embeddingStd standard deviation of the embeddings
     * @param dataType float type of the tensors
     * @return the parameters
     */
    public ParameterSet initialise(SplittableRandom rng, double embeddingStd, DataType dataType) {
        ParameterSet params = new ParameterSet();
        for (Map.Entry<String, long[]> e : parameterShapes().entrySet()) {
            long[] shape = e.getValue();
            int n = Math.toIntExact(shape[0] * shape[1]);
            double[] values = new double[n];
            String name = e.getKey();
            if (isEmbedding(name)) {
                for (int i = (int) shape[1]; i < n; i++) { // row 0 is padding and stays 0
                    values[i] = gaussian(rng) * embeddingStd;
                }
            } else if (name.substring(name.indexOf('.') + 1).startsWith("w")) {
                double limit = Math.sqrt(6.0 / (shape[0] + shape[1]));
                for (int i = 0; i < n; i++) {
                    values[i] = (2 * rng.nextDouble() - 1) * limit;
                }
            }
            params.put(name, Nd4j.create(values, shape, 'c').castTo(dataType));
        }
        return params;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller, so that initial values depend only on the seed (not on a library's RNG).
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        return "InterestArchitecture(items=" + itemVocab + "x" + itemDim + ",attributes=" + attributeGroups
                + Arrays.toString(attributeDims) + ",context=" + contextFields + Arrays.toString(contextDims)
                + ",numeric=" + numericCount + ",selector=" + Arrays.toString(selectorHidden) + ",predictor="
                + Arrays.toString(predictorHidden) + ",pooling=" + pooling + ")";
    }

    /** @return the names of the θ tensors (everything but the selector) in canonical order */
    public List<String> thetaNames() {
        List<String> names = new ArrayList<>();
        for (String n : parameterShapes().keySet()) {
            if (!isSelector(n)) { names.add(n); }
        }
        return Collections.unmodifiableList(names);
    }

    /** @return the protobuf form */
    public InterestArchitectureProto toProto() {
        InterestArchitectureProto.Builder b = InterestArchitectureProto.newBuilder()
                .setItemVocab(itemVocab).setItemDim(itemDim)
                .addAllAttributeGroups(attributeGroups).addAllContextFields(contextFields)
                .setNumericCount(numericCount).setPooling(PoolingProto.valueOf(pooling.name()));
        Arrays.stream(attributeVocabs).forEach(b::addAttributeVocabs);
        Arrays.stream(attributeDims).forEach(b::addAttributeDims);
        Arrays.stream(contextVocabs).forEach(b::addContextVocabs);
        Arrays.stream(contextDims).forEach(b::addContextDims);
        Arrays.stream(selectorHidden).forEach(b::addSelectorHidden);
        Arrays.stream(predictorHidden).forEach(b::addPredictorHidden);
        return b.build();
    }

    /**
     * @param proto the protobuf form
     * @return the architecture
     * @throws IllegalArgumentException if the pooling is unknown or the shapes are invalid (as the constructor checks)
     */
    public static InterestArchitecture fromProto(InterestArchitectureProto proto) {
        PoolingProto pooling = proto.getPooling();
        if (pooling == PoolingProto.POOLING_UNSPECIFIED || pooling == PoolingProto.UNRECOGNIZED) {
            throw new IllegalArgumentException("Invalid interest architecture: unknown pooling "
                    + proto.getPoolingValue());
        }
        return new InterestArchitecture(proto.getItemVocab(), proto.getItemDim(), proto.getAttributeGroupsList(),
                ints(proto.getAttributeVocabsList()), ints(proto.getAttributeDimsList()), proto.getContextFieldsList(),
                ints(proto.getContextVocabsList()), ints(proto.getContextDimsList()), proto.getNumericCount(),
                ints(proto.getSelectorHiddenList()), ints(proto.getPredictorHiddenList()),
                Pooling.valueOf(pooling.name()));
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
