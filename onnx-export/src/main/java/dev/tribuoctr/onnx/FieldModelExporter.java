package dev.tribuoctr.onnx;

import dev.tribuoctr.ctr.data.DeclaredTransforms;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.engine.Mlp;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.featuresel.FieldLayout;
import dev.tribuoctr.featuresel.GatedFieldModel;
import dev.tribuoctr.featuresel.GatedFieldNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Writes the graph of an LPFS {@link GatedFieldModel} (design §6 and §7: docs/design/lpfs.md, docs/design/onnx-contract.md), gated or pruned: each field's gate factor
 * is folded into its embedding, and a field whose factor is exactly zero contributes nothing, so it gets no input
 * and no table (the file of a pruned model has inputs only for the kept fields). A numeric input takes the raw value:
 * the graph applies the transform the model's layout records for it (the data source's, such as Criteo's
 * {@code log(1 + max(x, 0))}) before its embedding; a model that records none takes the values as they are.
 */
public final class FieldModelExporter {
    private static final Logger logger = Logger.getLogger(FieldModelExporter.class.getName());

    private FieldModelExporter() { }

    /**
     * @param model a gated or pruned field model
     * @return its graph and input schema
     * @throws IllegalArgumentException if every gate is zero, or the model's data source applies a step no graph can
     *     (the file would score raw published values wrongly, without an error)
     */
    public static ExportedGraph export(GatedFieldModel model) {
        List<String> outside = DeclaredTransforms.stepsOutsideTheGraph(model.getProvenance());
        if (!outside.isEmpty()) {
            throw new IllegalArgumentException("Model '" + model.getName() + "' cannot be exported as a self-contained"
                    + " file: its data source applies a step the graph cannot (" + String.join("; ", outside)
                    + "), so raw published values would be scored as unknown without an error. Train it on the"
                    + " source without that step (for Criteo, hashBuckets 0) to export it.");
        }
        FieldLayout layout = model.layout();
        GatedFieldNetwork network = model.network();
        ParameterSet params = model.parameters();
        double[] factors = model.gateFactors();
        int dim = network.dim();
        int categoricalCount = layout.categoricalFields().size();
        GraphWriter g = new GraphWriter();
        List<OnnxInput> inputs = new ArrayList<>();
        List<ONNXRef<?>> parts = new ArrayList<>();
        List<INDArray> firstLayerRows = new ArrayList<>();
        INDArray w1 = params.get(GatedFieldNetwork.MLP_PREFIX + "w1");
        List<String> dropped = new ArrayList<>();
        for (int f = 0; f < layout.fieldCount(); f++) {
            String field = layout.fieldName(f);
            if (factors[f] == 0.0) {
                dropped.add(field);
                continue;
            }
            if (f < categoricalCount) {
                INDArray table = CtrModelExporter.zeroPadding(params.get(network.tableName(f))).muli(factors[f]);
                parts.add(CtrModelExporter.categorical(g, inputs, field, layout.vocabulary(f), table,
                        layout.multiValuedFields().contains(field), layout.weightedFields().contains(field)));
            } else {
                int n = f - categoricalCount;
                INDArray vector = params.get(network.numericName(n)).mul(factors[f]);
                NumericTransform transform = layout.numericTransform(n);
                ONNXRef<?> value = g.numericTransform(g.floatInput(field, 1, null), transform);
                parts.add(g.matmul(g.unsqueeze(value, 1), g.floatTensor("num." + field, vector)));
                inputs.add(new OnnxInput(field, OnnxInput.Role.NUMERIC, field, 1, null,
                        layout.numericTransformsRecorded() ? transform.name() : null));
            }
            firstLayerRows.add(w1.get(NDArrayIndex.interval((long) f * dim, (long) (f + 1) * dim), NDArrayIndex.all()));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Every gate of model '" + model.getName() + "' is zero: there is no"
                    + " field left to export");
        }
        if (!dropped.isEmpty()) {
            logger.info("Fields with a zero gate are left out of the exported graph: " + dropped);
        }
        String prefix = GatedFieldNetwork.MLP_PREFIX;
        INDArray keptW1 = Nd4j.vstack(firstLayerRows.toArray(new INDArray[0]));
        ONNXRef<?> x = g.concat(1, parts);
        ONNXRef<?> logits = g.mlp(g.matmul(x, g.floatTensor(prefix + "w1", keptW1)), params, prefix,
                network.hiddenSizes().length + 1, Mlp.Activation.RELU);
        OnnxSchema schema = new OnnxSchema(OnnxSchema.FORMAT_VERSION, OnnxSchema.FIELD, null, List.of(), null, 0,
                null, inputs, OnnxSchema.OUTPUT);
        return new ExportedGraph(g.build(logits, model.getName()), schema);
    }
}
