package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.ParameterSnapshot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tribuo.Example;
import org.tribuo.SelectedFeatureSet;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything an LPFS run produced, for users who want more than the feature list: the selected feature set, the
 * final gate per field (parameter x and normalised factor γ), the trajectory of the gates over training (the
 * paper's Figure 9), and the trained gated model, which can score examples.
 */
public final class LpfsResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SelectedFeatureSet selected;
    private final List<String> fields;
    private final double[] gateParameters;
    private final double[] gateFactors;
    private final List<GateTrajectoryPoint> trajectory;
    private final GatedFieldNetwork network;
    private final FieldEncoder encoder;
    private final ParameterSnapshot parameters;

    LpfsResult(SelectedFeatureSet selected, List<String> fields, double[] gateParameters, double[] gateFactors,
               List<GateTrajectoryPoint> trajectory, GatedFieldNetwork network, FieldEncoder encoder,
               ParameterSnapshot parameters) {
        this.selected = selected;
        this.fields = List.copyOf(fields);
        this.gateParameters = gateParameters.clone();
        this.gateFactors = gateFactors.clone();
        this.trajectory = List.copyOf(trajectory);
        this.network = network;
        this.encoder = encoder;
        this.parameters = parameters;
    }

    /** @return the selection, as {@code select} returns it */
    public SelectedFeatureSet selectedFeatures() { return selected; }

    /** @return the field names, in gate order */
    public List<String> fields() { return fields; }

    /** @return the final gate parameters x per field (exactly 0.0 for dropped fields) */
    public double[] gateParameters() { return gateParameters.clone(); }

    /** @return the final normalised gate values γ_f = g(x_f)/g₀ per field */
    public double[] gateFactors() { return gateFactors.clone(); }

    /** @return the fields whose gate is not exactly zero */
    public List<String> keptFields() {
        List<String> kept = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            if (gateParameters[f] != 0.0) { kept.add(fields.get(f)); }
        }
        return Collections.unmodifiableList(kept);
    }

    /** @return the gates over training */
    public List<GateTrajectoryPoint> trajectory() { return trajectory; }

    /** @return the trained gated network */
    public GatedFieldNetwork network() { return network; }

    /** @return the field encoder */
    public FieldEncoder encoder() { return encoder; }

    /** @return a copy of the trained parameters */
    public ParameterSet parameters() { return parameters.toParameterSet(); }

    /**
     * @param examples examples to score (labels ignored)
     * @return the gated model's click probabilities
     */
    public double[] clickProbabilities(List<? extends Example<Label>> examples) {
        ParameterSet p = parameters.toParameterSet();
        double[] out = new double[examples.size()];
        for (int from = 0; from < examples.size(); from += 1024) {
            int to = Math.min(examples.size(), from + 1024);
            FieldBatch batch = encoder.encode(examples, from, to, false);
            GatedFieldNetwork.Result r = network.run(p, new GatedFieldNetwork.Input(batch, batch.indices(), p.dataType()),
                    gateFactors, false);
            double[] probs = Transforms.sigmoid(r.logits(), true).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .dup('c').data().asDouble();
            System.arraycopy(probs, 0, out, from, probs.length);
        }
        return out;
    }
}
