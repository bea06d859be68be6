package dev.tribuoctr.featuresel;

import org.tribuo.SelectedFeatureSet;

import java.io.Serializable;
import java.util.List;

/**
 * Everything a {@link PermutationImportanceSelector} run produced: the selected feature set, each field's importance
 * (mean and standard deviation over the repeats), the metric on the unpermuted held-out data, and the trained field
 * model, which can score examples.
 */
public final class PermutationImportanceResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SelectedFeatureSet selected;
    private final List<String> fields;
    private final List<String> ranked;
    private final double[] importances;
    private final double[] standardDeviations;
    private final ImportanceMetric metric;
    private final double baseline;
    private final GatedFieldModel model;
    private final double trainingSeconds;

    PermutationImportanceResult(SelectedFeatureSet selected, List<String> fields, List<String> ranked,
                                double[] importances, double[] standardDeviations, ImportanceMetric metric,
                                double baseline, GatedFieldModel model, double trainingSeconds) {
        this.selected = selected;
        this.fields = List.copyOf(fields);
        this.ranked = List.copyOf(ranked);
        this.importances = importances.clone();
        this.standardDeviations = standardDeviations.clone();
        this.metric = metric;
        this.baseline = baseline;
        this.model = model;
        this.trainingSeconds = trainingSeconds;
    }

    /** @return the selection, as {@code select} returns it */
    public SelectedFeatureSet selectedFeatures() { return selected; }

    /** @return the field names, in the model's layout order (the order of {@link #importances()}) */
    public List<String> fields() { return fields; }

    /** @return each field's importance, the metric's mean worsening over the repeats */
    public double[] importances() { return importances.clone(); }

    /** @return the standard deviation over the repeats of each field's worsening (0 for one repeat) */
    public double[] importanceStandardDeviations() { return standardDeviations.clone(); }

    /** @return every field, most important first (ties by name): the ranking before {@code k} applies */
    public List<String> rankedFields() { return ranked; }

    /** @return the metric the importances measure */
    public ImportanceMetric metric() { return metric; }

    /** @return the metric of the trained model on the unpermuted held-out data */
    public double baseline() { return baseline; }

    /** @return the field model trained on every field (gate factors 1) */
    public GatedFieldModel model() { return model; }

    /** @return the wall-clock seconds training the model took */
    public double trainingSeconds() { return trainingSeconds; }
}
