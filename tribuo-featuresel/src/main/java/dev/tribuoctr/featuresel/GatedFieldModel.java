package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.ClickModel;
import dev.tribuoctr.ctr.model.ParameterSnapshot;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The gated field model of SPEC §6 as a Tribuo {@code Model<Label>}: scores label {@code "1"} with the click
 * probability. A model straight out of LPFS carries its gate factors γ_f; a {@link FieldPruning pruned} model has
 * the kept gates folded into its embeddings, the dropped fields removed, and all factors 1. Predictions go through a
 * {@link GatedFieldPredictor} made once per model (on the CPU backend, the fused pass with reused buffers).
 */
public final class GatedFieldModel extends ClickModel {
    private static final long serialVersionUID = 1L;

    private final GatedFieldNetwork network;
    private final FieldEncoder encoder;
    private final ParameterSnapshot parameters;
    private final double[] gateFactors;
    private transient ParameterSet tensors;
    private transient GatedFieldPredictor predictor;

    /**
     * @param name model name
     * @param provenance provenance
     * @param featureMap feature map of the training data
     * @param outputInfo label info ("0", "1")
     * @param network the network
     * @param encoder the field encoder
     * @param parameters the parameters
     * @param gateFactors γ_f per field of the encoder's layout
     */
    public GatedFieldModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureMap,
                           ImmutableOutputInfo<Label> outputInfo, GatedFieldNetwork network, FieldEncoder encoder,
                           ParameterSnapshot parameters, double[] gateFactors) {
        super(name, provenance, featureMap, outputInfo);
        if (gateFactors.length != network.fieldCount()) {
            throw new IllegalArgumentException(gateFactors.length + " gate factors for " + network.fieldCount() + " fields");
        }
        this.network = network;
        this.encoder = encoder;
        this.parameters = parameters;
        this.gateFactors = gateFactors.clone();
        this.tensors = parameters.toParameterSet();
        this.predictor = network.predictor(tensors, this.gateFactors);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        tensors = parameters.toParameterSet();
        predictor = network.predictor(tensors, gateFactors);
    }

    /** @return the field layout */
    public FieldLayout layout() { return encoder.layout(); }

    /** @return the network */
    public GatedFieldNetwork network() { return network; }

    /** @return the field encoder */
    public FieldEncoder encoder() { return encoder; }

    /** @return a copy of the parameters */
    public ParameterSet parameters() { return tensors.dup(); }

    /** @return the gate factors γ_f */
    public double[] gateFactors() { return gateFactors.clone(); }

    /**
     * Click probabilities of a dataset's examples in iteration order, {@link #PREDICTION_BATCH} at a time: a
     * {@link FieldColumnsDataset} is encoded from its columns (no example made), any other dataset is iterated, so
     * only one batch of examples is held at once.
     * @param dataset the examples (labels are ignored)
     * @return one click probability per example
     */
    public double[] clickProbabilities(Dataset<Label> dataset) {
        double[] out = new double[dataset.size()];
        int[] positions = new int[PREDICTION_BATCH];
        if (dataset instanceof FieldColumnsDataset) {
            FieldColumnsDataset columnar = (FieldColumnsDataset) dataset;
            ColumnBatches rows = new ColumnBatches(columnar.columns(),
                    columnar.isShuffled() ? columnar.rowOrder() : null, layout());
            for (int from = 0; from < out.length; from += PREDICTION_BATCH) {
                int n = Math.min(PREDICTION_BATCH, out.length - from);
                for (int i = 0; i < n; i++) {
                    positions[i] = from + i;
                }
                System.arraycopy(predictor.probabilities(rows.batch(positions, 0, n)), 0, out, from, n);
            }
            return out;
        }
        List<Example<Label>> batch = new ArrayList<>(PREDICTION_BATCH);
        int done = 0;
        for (Iterator<Example<Label>> it = dataset.iterator(); it.hasNext(); ) {
            batch.add(it.next());
            if (batch.size() == PREDICTION_BATCH || !it.hasNext()) {
                double[] p = batchProbabilities(batch, 0, batch.size());
                System.arraycopy(p, 0, out, done, p.length);
                done += p.length;
                batch.clear();
            }
        }
        return out;
    }

    @Override
    protected double[] batchProbabilities(List<? extends Example<Label>> examples, int from, int to) {
        return predictor.probabilities(encoder.encode(examples, from, to, false));
    }

    @Override
    protected GatedFieldModel copy(String newName, ModelProvenance newProvenance) {
        return new GatedFieldModel(newName, newProvenance, featureIDMap, outputIDInfo, network, encoder,
                ParameterSnapshot.of(tensors), gateFactors);
    }
}
