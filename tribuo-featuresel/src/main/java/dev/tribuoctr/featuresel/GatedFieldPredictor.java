package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Click probabilities of a gated field network over fixed parameters and gate factors (a trained model's), from
 * {@link GatedFieldNetwork#predictor}. On the fused CPU path the parameters are read once and every call reuses the
 * pass's buffers: no ND4J array is made per call. Safe for concurrent calls.
 */
public final class GatedFieldPredictor {
    private final FusedGatedFieldNetwork fused;
    private final FusedGatedFieldNetwork.Bound bound;
    private final GatedFieldNetwork network;
    private final ParameterSet params;
    private final double[] gateFactors;

    /** On the fused CPU path. */
    GatedFieldPredictor(FusedGatedFieldNetwork fused, FusedGatedFieldNetwork.Bound bound) {
        this.fused = fused;
        this.bound = bound;
        this.network = null;
        this.params = null;
        this.gateFactors = null;
    }

    /** On the ND4J path. */
    GatedFieldPredictor(GatedFieldNetwork network, ParameterSet params, double[] gateFactors) {
        this.fused = null;
        this.bound = null;
        this.network = network;
        this.params = params;
        this.gateFactors = gateFactors.clone();
    }

    /**
     * @param batch an encoded batch (indices into the full tables)
     * @return the click probability σ(logit) of each instance
     */
    public double[] probabilities(FieldBatch batch) {
        if (fused == null) {
            GatedFieldNetwork.Result r = network.run(params,
                    new GatedFieldNetwork.Input(batch, batch.indices(), params.dataType()), gateFactors, false);
            return Transforms.sigmoid(r.logits(), true).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
        float[] logits = fused.run(bound, new GatedFieldNetwork.Input(batch, batch.indices(), DataType.FLOAT), false).logits();
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 1.0 / (1.0 + Math.exp(-logits[i]));
        }
        return p;
    }
}
