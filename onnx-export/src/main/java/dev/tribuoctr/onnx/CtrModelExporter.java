package dev.tribuoctr.onnx;

import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.engine.Mlp;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.Pooling;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the graph of a {@link CtrModel} (design §2 and §7: docs/design/interest-model.md, docs/design/onnx-contract.md), all three poolings: string inputs looked up in the
 * model's vocabularies, history attributes through the item→attribute table, the selector in the engine's split
 * first-layer form, the pooling, context fields (multi-hot and weighted where training showed them), numeric
 * features, the base predictor and the sigmoid.
 * <p>
 * The padding rows of the exported tables are zero. The Java model never reads them (it masks history padding and
 * gives context padding weight 0), so zero rows let the graph drop those masks except where the softmax needs one.
 */
public final class CtrModelExporter {
    /** Input name of the target item. */
    public static final String ITEM_INPUT = "item";
    /** Input name of the history. */
    public static final String HISTORY_INPUT = "history";
    /** Suffix of the float input carrying a weighted field's feature values. */
    public static final String WEIGHT_SUFFIX = "_weight";

    private CtrModelExporter() { }

    /**
     * @param model a trained model
     * @return its graph and input schema
     */
    public static ExportedGraph export(CtrModel model) {
        CtrFeatureLayout layout = model.encoder().layout();
        InterestArchitecture arch = model.architecture();
        ParameterSet params = model.parameters();
        GraphWriter g = new GraphWriter();
        List<OnnxInput> inputs = new ArrayList<>();
        int maxHistory = layout.historyLength();
        List<String> attributeFields = layout.schema().attributeFields();

        // Target item and, when there is a history, the history: one lookup of [item | history].
        ONNXRef<?> item = g.stringInput(ITEM_INPUT, 1, null);
        ONNXRef<?> history = maxHistory > 0 ? g.stringInput(HISTORY_INPUT, 2, "history_length") : null;
        ONNXRef<?> itemIndex;
        ONNXRef<?> historyIndex = null;
        String itemLookup;
        if (history != null) {
            ONNXRef<?> ids = g.lookUp(g.concat(1, List.of(g.unsqueeze(item, 1), g.slice(history, 0, maxHistory, 1))),
                    layout.itemVocabulary(), true);
            itemLookup = ids.getReference();
            // An empty item string is unknown (OOV), not padding.
            itemIndex = g.op(OnnxOps.MAX, g.squeeze(g.slice(ids, 0, 1, 1), 1), g.longs(Vocabulary.OOV));
            historyIndex = g.slice(ids, 1, Long.MAX_VALUE, 1);
        } else {
            itemIndex = g.lookUp(item, layout.itemVocabulary(), false);
            itemLookup = itemIndex.getReference();
        }
        inputs.add(new OnnxInput(ITEM_INPUT, OnnxInput.Role.ITEM, layout.schema().itemField(), 1, itemLookup));

        ONNXInitializer itemTable = g.floatTensor("emb.item", zeroPadding(params.get(
                InterestArchitecture.tableName(InterestArchitecture.ITEM_GROUP))));
        List<ONNXRef<?>> target = new ArrayList<>();
        List<ONNXRef<?>> hist = new ArrayList<>();
        target.add(g.gather(itemTable, itemIndex));
        if (historyIndex != null) {
            hist.add(g.gather(itemTable, historyIndex));
        }
        for (int a = 0; a < attributeFields.size(); a++) {
            String field = attributeFields.get(a);
            ONNXRef<?> index = g.lookUp(g.stringInput(field, 1, null), layout.attributeVocabulary(a), false);
            inputs.add(new OnnxInput(field, OnnxInput.Role.ATTRIBUTE, field, 1, index.getReference()));
            ONNXInitializer table = g.floatTensor("emb." + field,
                    zeroPadding(params.get(InterestArchitecture.tableName(arch.attributeGroups().get(a)))));
            target.add(g.gather(table, index));
            if (historyIndex != null) {
                int[] attributeOfItem = layout.itemAttributes().toArray(a);
                attributeOfItem[Vocabulary.PADDING] = Vocabulary.PADDING;
                hist.add(g.gather(table, g.gather(g.ints("item_to_" + field, attributeOfItem), historyIndex)));
            }
        }
        if (history != null) {
            inputs.add(new OnnxInput(HISTORY_INPUT, OnnxInput.Role.HISTORY, layout.schema().historyField(), 2,
                    itemLookup));
        }
        ONNXRef<?> e = g.concat(1, target);
        ONNXRef<?> u = historyIndex == null ? g.mul(e, g.scalar(0f))
                : pool(g, arch, params, g.concat(2, hist), e, historyIndex);

        List<ONNXRef<?>> parts = new ArrayList<>(List.of(u, e));
        for (int f = 0; f < layout.contextFields().size(); f++) {
            String field = layout.contextFields().get(f);
            INDArray table = zeroPadding(params.get(InterestArchitecture.tableName(arch.contextFields().get(f))));
            parts.add(categorical(g, inputs, field, layout.contextVocabulary(f), table,
                    layout.multiValuedContextFields().contains(field), layout.weightedContextFields().contains(field)));
        }
        for (String name : layout.numericFeatures()) {
            parts.add(g.unsqueeze(g.floatInput(name, 1, null), 1));
            inputs.add(new OnnxInput(name, OnnxInput.Role.NUMERIC, name, 1, null));
        }
        ONNXRef<?> x = g.concat(1, parts);
        String p = InterestArchitecture.PREDICTOR_PREFIX;
        ONNXRef<?> logits = g.mlp(g.matmul(x, g.floatTensor(p + "w1", params.get(p + "w1"))), params, p,
                arch.predictorLayers(), Mlp.Activation.SIGMOID);
        OnnxSchema schema = new OnnxSchema(OnnxSchema.FORMAT_VERSION, OnnxSchema.CTR, layout.schema().itemField(),
                attributeFields, layout.schema().historyField(), maxHistory, arch.pooling().name(), inputs,
                OnnxSchema.OUTPUT);
        return new ExportedGraph(g.build(logits, model.getName()), schema);
    }

    /**
     * A categorical field's summed embedding, [B, d]: its input (rank 2 when multi-valued), optional weights, the
     * lookup with "" as padding. Shared with the field-model exporter.
     */
    static ONNXRef<?> categorical(GraphWriter g, List<OnnxInput> inputs, String field, Vocabulary vocabulary,
                                  INDArray table, boolean multiValued, boolean weighted) {
        int rank = multiValued ? 2 : 1;
        ONNXRef<?> index = g.lookUp(g.stringInput(field, rank, field + "_length"), vocabulary, true);
        inputs.add(new OnnxInput(field, OnnxInput.Role.CATEGORICAL, field, rank, index.getReference()));
        ONNXRef<?> rows = g.gather(g.floatTensor("emb." + field, table), index);
        if (weighted) {
            String weightName = field + WEIGHT_SUFFIX;
            rows = g.mul(rows, g.unsqueeze(g.floatInput(weightName, rank, field + "_length"), rank));
            inputs.add(new OnnxInput(weightName, OnnxInput.Role.WEIGHT, field, rank, null));
        }
        return multiValued ? g.reduceSum(rows, 1, false) : rows;
    }

    /** u = Σ_t w_t h_t, [B, K], with the pooling's weights. Padding rows of h are zero. */
    private static ONNXRef<?> pool(GraphWriter g, InterestArchitecture arch, ParameterSet params, ONNXRef<?> h,
                                   ONNXRef<?> e, ONNXRef<?> historyIndex) {
        if (arch.pooling() == Pooling.SUM) {
            return g.reduceSum(h, 1, false);
        }
        ONNXRef<?> scores = g.squeeze(selectorScores(g, arch, params, h, e), 2);
        ONNXRef<?> weights = arch.pooling() == Pooling.ATTENTION ? scores
                : maskedSoftmax(g, scores, g.toFloat(g.op(ONNXOperators.GREATER, historyIndex, g.longs(0))));
        return g.reduceSum(g.mul(h, g.unsqueeze(weights, 2)), 1, false);
    }

    /**
     * The selector's scores, [B, T, 1]: first layer {@code h·(W1a+W1c) + (h⊙e)·W1d + e·(W1b−W1c)} as the engine
     * computes it, then the rest of the MLP.
     */
    private static ONNXRef<?> selectorScores(GraphWriter g, InterestArchitecture arch, ParameterSet params,
                                             ONNXRef<?> h, ONNXRef<?> e) {
        String s = InterestArchitecture.SELECTOR_PREFIX;
        INDArray w1 = params.get(s + "w1");
        long k = arch.itemRepresentationSize();
        INDArray wa = w1.get(NDArrayIndex.interval(0, k), NDArrayIndex.all());
        INDArray wb = w1.get(NDArrayIndex.interval(k, 2 * k), NDArrayIndex.all());
        INDArray wc = w1.get(NDArrayIndex.interval(2 * k, 3 * k), NDArrayIndex.all());
        INDArray wd = w1.get(NDArrayIndex.interval(3 * k, 4 * k), NDArrayIndex.all());
        ONNXRef<?> eRow = g.unsqueeze(e, 1);
        ONNXRef<?> pre = g.add(g.add(g.matmul(h, g.floatTensor("sel.wh", wa.add(wc))),
                        g.matmul(g.mul(h, eRow), g.floatTensor("sel.wd", wd))),
                g.unsqueeze(g.matmul(e, g.floatTensor("sel.we", wb.sub(wc))), 1));
        return g.mlp(pre, params, s, arch.selectorLayers(), Mlp.Activation.SIGMOID);
    }

    /** The engine's masked softmax over each row's valid positions; a row with none gets all zeros. */
    private static ONNXRef<?> maskedSoftmax(GraphWriter g, ONNXRef<?> scores, ONNXRef<?> mask) {
        ONNXRef<?> pushedDown = g.add(g.mul(scores, mask), g.mul(g.sub(mask, g.scalar(1f)), g.scalar(1e9f)));
        ONNXRef<?> rowMax = g.reduceMax(pushedDown, 1, true);
        ONNXRef<?> ex = g.mul(g.op(OnnxOps.EXP, g.mul(g.sub(scores, rowMax), mask)), mask);
        ONNXRef<?> denominator = g.reduceSum(ex, 1, true);
        ONNXRef<?> safe = g.add(denominator, g.toFloat(g.op(OnnxOps.EQUAL, denominator, g.scalar(0f))));
        return g.op(ONNXOperators.DIV, ex, safe);
    }

    /** @return a copy of an embedding table with its padding row zeroed */
    static INDArray zeroPadding(INDArray table) {
        INDArray copy = table.dup('c');
        copy.getRow(Vocabulary.PADDING).assign(0);
        return copy;
    }
}
