package dev.tribuoctr.featuresel;

import org.tribuo.SelectedFeatureSet;

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
    private final GatedFieldModel gatedModel;

    LpfsResult(SelectedFeatureSet selected, List<String> fields, double[] gateParameters, double[] gateFactors,
               List<GateTrajectoryPoint> trajectory, GatedFieldModel gatedModel) {
        this.selected = selected;
        this.fields = List.copyOf(fields);
        this.gateParameters = gateParameters.clone();
        this.gateFactors = gateFactors.clone();
        this.trajectory = List.copyOf(trajectory);
        this.gatedModel = gatedModel;
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

    /** @return the trained gated model, a Tribuo model with the gate factors applied */
    public GatedFieldModel gatedModel() { return gatedModel; }

    /** @return the gated model pruned without damage: kept gates folded into embeddings, dropped fields removed */
    public GatedFieldModel prunedModel() { return FieldPruning.prune(gatedModel, gateParameters); }
}
