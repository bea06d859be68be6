package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import org.tribuo.data.columnar.ColumnarFeature;
import org.tribuo.data.columnar.FieldProcessor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The delimited-file route to the behaviour history (design §1.8, docs/design/data-encoding.md): a Tribuo {@link FieldProcessor} that turns a
 * column such as {@code 12|45|78} into the history features {@code hist_item@<id>} whose value is the recency
 * rank, 1 = most recent (design §1.4, docs/design/data-encoding.md), so that {@link org.tribuo.data.csv.CSVDataSource} and any other
 * {@link org.tribuo.data.columnar.RowProcessor} route produce the examples the CTR trainers read.
 * <ul>
 *     <li>By default the column lists the clicks oldest to newest, as logs usually do, so the last token gets rank
 *     1; with {@code mostRecentFirst} the first token does.</li>
 *     <li>An item listed several times keeps only its most recent position; the ranks of the distinct items are
 *     1, 2, 3, … in recency order (as {@link LeaveLastOutProtocol} numbers them).</li>
 *     <li>{@code maxHistory > 0} keeps the {@code maxHistory} most recent distinct items; 0 keeps all.</li>
 *     <li>An empty (or blank) column gives no features; an empty token ({@code 12||45}) or one longer than
 *     {@link DataLimits#maxIdChars()} is an error.</li>
 * </ul>
 * Tokens are trimmed. The cell rule is {@link ListCells}, which {@code predict} applies too.
 */
public final class HistoryFieldProcessor implements FieldProcessor {

    @Config(mandatory = true, description = "The column holding the history, e.g. 12|45|78.")
    private String fieldName;

    @Config(description = "Field name of the emitted features (hist_item gives hist_item@<id>).")
    private String featureField = CtrSchema.DEFAULT_HISTORY_FIELD;

    @Config(description = "Separator between item ids in the column (a literal string, not a regex).")
    private String separator = "|";

    @Config(description = "Keep the most recent maxHistory distinct items; 0 keeps all.")
    private int maxHistory = 0;

    @Config(description = "True if the column lists the most recent click first; false (default) if oldest first.")
    private boolean mostRecentFirst = false;

    /** For OLCUT. */
    private HistoryFieldProcessor() {}

    /**
     * A processor with the default settings: features {@code hist_item@<id>}, separator {@code |}, all items kept,
     * the column listed oldest to newest.
     * @param fieldName the column
     */
    public HistoryFieldProcessor(String fieldName) {
        this(fieldName, CtrSchema.DEFAULT_HISTORY_FIELD, "|", 0, false);
    }

    /**
     * Creates a processor.
     * @param fieldName the column
     * @param featureField field name of the emitted features
     * @param separator separator between item ids (literal)
     * @param maxHistory most recent distinct items kept, 0 = all
     * @param mostRecentFirst whether the column lists the most recent click first
     * @throws IllegalArgumentException if a setting is invalid
     */
    public HistoryFieldProcessor(String fieldName, String featureField, String separator, int maxHistory,
                                 boolean mostRecentFirst) {
        this.fieldName = fieldName;
        this.featureField = featureField;
        this.separator = separator;
        this.maxHistory = maxHistory;
        this.mostRecentFirst = mostRecentFirst;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public void postConfig() {
        if (fieldName == null || fieldName.isEmpty()) {
            throw new PropertyException("", "fieldName", "fieldName must be a non-empty column name");
        }
        if (featureField == null || featureField.isEmpty() || featureField.contains(ColumnarFeature.JOINER)) {
            throw new PropertyException("", "featureField",
                    "featureField must be non-empty and must not contain '@', found '" + featureField + "'");
        }
        if (separator == null || separator.isEmpty()) {
            throw new PropertyException("", "separator", "separator must not be empty");
        }
        if (maxHistory < 0) {
            throw new PropertyException("", "maxHistory", "maxHistory must be >= 0 (0 = keep all), found " + maxHistory);
        }
    }

    @Override
    public String getFieldName() {
        return fieldName;
    }

    /**
     * The history features of one column value.
     * @param value the column value
     * @return {@code featureField@<id>} features with the recency rank as value, most recent (rank 1) first
     * @throws IllegalArgumentException if the value holds an empty or too long token ({@link ListCells})
     */
    @Override
    public List<ColumnarFeature> process(String value) {
        List<String> tokens = ListCells.split(fieldName, value, separator);
        Set<String> recentFirst = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            recentFirst.add(tokens.get(mostRecentFirst ? i : tokens.size() - 1 - i));
        }
        int keep = maxHistory == 0 ? recentFirst.size() : Math.min(maxHistory, recentFirst.size());
        List<ColumnarFeature> features = new ArrayList<>(keep);
        int rank = 1;
        for (String item : recentFirst) {
            if (rank > keep) {
                break;
            }
            features.add(new ColumnarFeature(featureField, item, rank++));
        }
        return features;
    }

    /**
     * The ranks are ordered integers, so {@link GeneratedFeatureType#INTEGER}.
     * @return INTEGER
     */
    @Override
    public GeneratedFeatureType getFeatureType() {
        return GeneratedFeatureType.INTEGER;
    }

    @Override
    public HistoryFieldProcessor copy(String newFieldName) {
        return new HistoryFieldProcessor(newFieldName, featureField, separator, maxHistory, mostRecentFirst);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "FieldProcessor");
    }

    @Override
    public String toString() {
        return "HistoryFieldProcessor(fieldName=" + fieldName + ",featureField=" + featureField + ",separator="
                + separator + ",maxHistory=" + maxHistory + ",mostRecentFirst=" + mostRecentFirst + ")";
    }
}
