package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.Tensors;
import dev.tribuoctr.ctr.model.ParameterSnapshot;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Damage-free pruning (design §6.6, docs/design/lpfs.md; "hot start"): the kept fields' gate factors, signs included, are folded into their
 * embeddings, the fields whose gate is exactly zero are removed with their tables and their rows of the MLP's first
 * layer, and every remaining factor becomes 1. A dropped field contributed {@code 0 · e_f} to the MLP's input, so
 * the pruned model's predictions equal the gated model's up to float rounding.
 */
public final class FieldPruning {
    private FieldPruning() { }

    /**
     * @param gated a gated model
     * @param gateParameters the gate parameters x_f (a field is dropped where x_f is exactly 0.0)
     * @return the pruned model
     */
    public static GatedFieldModel prune(GatedFieldModel gated, double[] gateParameters) {
        FieldLayout layout = gated.layout();
        GatedFieldNetwork network = gated.network();
        double[] factors = gated.gateFactors();
        int cats = layout.categoricalFields().size();
        List<Integer> keep = new ArrayList<>();
        for (int f = 0; f < gateParameters.length; f++) {
            if (gateParameters[f] != 0.0) { keep.add(f); }
        }
        if (keep.isEmpty()) {
            throw new IllegalArgumentException("Every gate is zero: nothing is left to prune to");
        }
        FieldLayout kept = layout.restrictTo(keep);
        int dim = network.dim();
        GatedFieldNetwork prunedNetwork = new GatedFieldNetwork(kept, dim, network.hiddenSizes())
                .withCompute(network.engine(), network.threads());
        ParameterSet old = gated.parameters();
        ParameterSet pruned = new ParameterSet();
        List<INDArray> firstLayerRows = new ArrayList<>();
        INDArray w1 = old.get(GatedFieldNetwork.MLP_PREFIX + "w1");
        for (int f : keep) {
            String name = f < cats ? network.tableName(f) : network.numericName(f - cats);
            pruned.put(name, old.get(name).mul(factors[f]));
            firstLayerRows.add(Tensors.rows(w1, (long) f * dim, (long) (f + 1) * dim));
        }
        for (String name : old.names()) {
            if (name.startsWith(GatedFieldNetwork.MLP_PREFIX)) {
                pruned.put(name, name.equals(GatedFieldNetwork.MLP_PREFIX + "w1")
                        ? Nd4j.vstack(firstLayerRows.toArray(new INDArray[0])) : old.get(name));
            }
        }
        double[] ones = new double[keep.size()];
        java.util.Arrays.fill(ones, 1.0);
        return new GatedFieldModel(gated.getName() + "-pruned", gated.getProvenance(), kept.featureMap(),
                gated.getOutputIDInfo(), prunedNetwork, new FieldEncoder(kept), ParameterSnapshot.of(pruned), ones);
    }
}
