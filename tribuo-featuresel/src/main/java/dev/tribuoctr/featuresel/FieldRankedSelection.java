package dev.tribuoctr.featuresel;

import org.tribuo.Dataset;
import org.tribuo.SelectedFeatureSet;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.provenance.FeatureSelectorProvenance;
import org.tribuo.provenance.FeatureSetProvenance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a ranking of fields into Tribuo's ordered {@link SelectedFeatureSet}: every feature of each field (its
 * {@code field@value} features, or the numeric feature named like the field), fields in rank order, a field's
 * features by name, each scored with its field's score. The field selectors share it, so their sets agree in form.
 */
final class FieldRankedSelection {
    private FieldRankedSelection() { }

    /**
     * @param dataset the dataset whose features are listed and whose provenance the set records
     * @param fields field names, strongest first
     * @param scores the score of each of those fields
     * @param k keep at most this many fields (the first); {@code <= 0} keeps every field
     * @param selector the provenance of the selector that ranked the fields
     * @return the ordered feature set
     */
    static SelectedFeatureSet of(Dataset<Label> dataset, List<String> fields, List<Double> scores, int k,
                                 FeatureSelectorProvenance selector) {
        if (fields.size() != scores.size()) {
            throw new IllegalArgumentException(fields.size() + " fields with " + scores.size() + " scores");
        }
        int kept = k > 0 ? Math.min(k, fields.size()) : fields.size();
        Map<String, List<String>> featuresOfField = new HashMap<>();
        for (String field : fields.subList(0, kept)) {
            featuresOfField.put(field, new ArrayList<>());
        }
        for (VariableInfo info : dataset.getFeatureMap()) {
            List<String> features = featuresOfField.get(FieldLayout.fieldOf(info.getName()));
            if (features != null) {
                features.add(info.getName());
            }
        }
        List<String> names = new ArrayList<>();
        List<Double> featureScores = new ArrayList<>();
        for (int f = 0; f < kept; f++) {
            List<String> features = featuresOfField.get(fields.get(f));
            features.sort(null);
            for (String name : features) {
                names.add(name);
                featureScores.add(scores.get(f));
            }
        }
        FeatureSetProvenance provenance = new FeatureSetProvenance(SelectedFeatureSet.class.getName(),
                dataset.getProvenance(), selector);
        return new SelectedFeatureSet(names, featureScores, true, provenance);
    }
}
