package dev.tribuoctr.featuresel;

import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.encoding.VocabularyFeatureMap;
import dev.tribuoctr.featuresel.data.FieldColumns;
import dev.tribuoctr.featuresel.protos.FieldLayoutProto;
import dev.tribuoctr.featuresel.protos.NumericTransformsProto;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fields of a dataset as LPFS sees them (design §6.1, docs/design/lpfs.md): a feature {@code field@value} belongs to the categorical
 * field {@code field}; a feature without {@code @} is a numeric field of its own. Categorical fields get a
 * vocabulary (0 padding, 1 out-of-vocabulary), numeric fields keep their value. Fields are ordered
 * categorical first, then numeric, each by name.
 * <p>
 * A layout of a model trained since numeric transforms are recorded also holds, per numeric field, the
 * {@link NumericTransform} its data source applied to the raw number ({@link #withNumericTransforms}; identity for a
 * field the source declares nothing for). The model reads the transformed values, as the source's examples hold
 * them; the record is what lets an export take raw values. Older layouts have no record
 * ({@link #numericTransformsRecorded()} is false).
 */
public final class FieldLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> categorical;
    private final List<Vocabulary> vocabularies;
    private final List<String> numeric;
    /** Categorical fields seen with more than one value in a row (null in layouts serialized before). */
    private final Set<String> multiValued;
    /** Categorical fields seen with a feature value other than 1 (null in layouts serialized before). */
    private final Set<String> weighted;
    /** Per numeric field, the transform its source applied; null when not recorded (and in layouts serialized before). */
    private final List<NumericTransform> transforms;

    /**
     * @param categorical categorical field names
     * @param vocabularies their vocabularies
     * @param numeric numeric field names
     */
    public FieldLayout(List<String> categorical, List<Vocabulary> vocabularies, List<String> numeric) {
        this(categorical, vocabularies, numeric, Set.of(), Set.of());
    }

    /**
     * @param categorical categorical field names
     * @param vocabularies their vocabularies
     * @param numeric numeric field names
     * @param multiValued categorical fields that held more than one value in some row
     * @param weighted categorical fields that had a feature value other than 1 in some row
     */
    public FieldLayout(List<String> categorical, List<Vocabulary> vocabularies, List<String> numeric,
                       Set<String> multiValued, Set<String> weighted) {
        this(categorical, vocabularies, numeric, multiValued, weighted, null);
    }

    private FieldLayout(List<String> categorical, List<Vocabulary> vocabularies, List<String> numeric,
                        Set<String> multiValued, Set<String> weighted, List<NumericTransform> transforms) {
        if (categorical.size() != vocabularies.size()) {
            throw new IllegalArgumentException("One vocabulary per categorical field is needed: " + categorical.size()
                    + " fields, " + vocabularies.size() + " vocabularies");
        }
        this.categorical = List.copyOf(categorical);
        this.vocabularies = List.copyOf(vocabularies);
        this.numeric = List.copyOf(numeric);
        this.multiValued = Collections.unmodifiableSet(new TreeSet<>(multiValued));
        this.weighted = Collections.unmodifiableSet(new TreeSet<>(weighted));
        if (!this.categorical.containsAll(this.multiValued) || !this.categorical.containsAll(this.weighted)) {
            throw new IllegalArgumentException("Multi-valued " + multiValued + " and weighted " + weighted
                    + " fields must be categorical fields " + categorical);
        }
        if (transforms != null && transforms.size() != numeric.size()) {
            throw new IllegalArgumentException("One numeric transform per numeric field is needed: " + numeric.size()
                    + " fields " + numeric + ", " + transforms.size() + " transforms " + transforms);
        }
        this.transforms = transforms == null ? null : List.copyOf(transforms);
    }

    /**
     * @param declared the transform of each numeric field its data source transforms (as
     *                 {@link dev.tribuoctr.ctr.data.DeclaredTransforms#in} finds them); fields not listed are
     *                 recorded as {@link NumericTransform#IDENTITY}, listed fields the layout lacks are ignored
     * @return this layout with every numeric field's transform recorded
     */
    public FieldLayout withNumericTransforms(Map<String, NumericTransform> declared) {
        List<NumericTransform> t = numeric.stream().map(f -> declared.getOrDefault(f, NumericTransform.IDENTITY)).toList();
        return new FieldLayout(categorical, vocabularies, numeric, multiValuedFields(), weightedFields(), t);
    }

    /** @return whether the layout records its numeric fields' transforms (false for models trained before) */
    public boolean numericTransformsRecorded() { return transforms != null; }

    /**
     * @param n a numeric field's index among {@link #numericFields()}
     * @return the transform its source applied; {@link NumericTransform#IDENTITY} when not recorded
     */
    public NumericTransform numericTransform(int n) {
        return transforms == null ? NumericTransform.IDENTITY : transforms.get(n);
    }

    /**
     * @param data training examples
     * @param minCount values seen fewer times map to out-of-vocabulary
     * @return the layout of their fields
     */
    public static FieldLayout build(Iterable<? extends Example<Label>> data, int minCount) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        TreeSet<String> numeric = new TreeSet<>();
        Set<String> multiValued = new HashSet<>();
        Set<String> weighted = new HashSet<>();
        Map<String, Integer> valuesInRow = new HashMap<>();
        for (Example<Label> e : data) {
            valuesInRow.clear();
            for (Feature f : e) {
                String name = f.getName();
                int at = name.indexOf('@');
                if (at < 0) {
                    numeric.add(name);
                } else {
                    String field = name.substring(0, at);
                    counts.computeIfAbsent(field, k -> new HashMap<>()).merge(name.substring(at + 1), 1, Integer::sum);
                    if (valuesInRow.merge(field, 1, Integer::sum) > 1) {
                        multiValued.add(field);
                    }
                    if ((float) f.getValue() != 1f) {
                        weighted.add(field);
                    }
                }
            }
        }
        for (String n : numeric) {
            if (counts.containsKey(n)) {
                throw new IllegalArgumentException("'" + n + "' is both a numeric feature and a categorical field");
            }
        }
        List<String> fields = new ArrayList<>(counts.keySet());
        List<Vocabulary> vocabs = new ArrayList<>();
        for (String f : fields) {
            vocabs.add(Vocabulary.fromCounts(f, counts.get(f), minCount));
        }
        return new FieldLayout(fields, vocabs, new ArrayList<>(numeric), multiValued, weighted);
    }

    /**
     * The layout {@link #build(Iterable, int)} gives for the materialised rows of some columns, from the columns'
     * value counts (no example made): fields with at least one value, categorical and numeric each by name.
     * @param columns field data as columns
     * @param minCount values seen fewer times map to out-of-vocabulary
     * @return the layout of their fields
     */
    public static FieldLayout build(FieldColumns columns, int minCount) {
        TreeMap<String, Integer> categorical = new TreeMap<>();
        TreeSet<String> numeric = new TreeSet<>();
        for (int c = 0; c < columns.fieldNames().size(); c++) {
            if (columns.distinctValues(c) > 0) {
                if (columns.isNumeric(c)) {
                    numeric.add(columns.fieldNames().get(c));
                } else {
                    categorical.put(columns.fieldNames().get(c), c);
                }
            }
        }
        List<Vocabulary> vocabs = new ArrayList<>();
        for (Map.Entry<String, Integer> field : categorical.entrySet()) {
            int c = field.getValue();
            Map<String, Integer> counts = new HashMap<>();
            for (int code = 1; code <= columns.distinctValues(c); code++) {
                counts.put(columns.categoricalValue(c, code), columns.count(c, code));
            }
            vocabs.add(Vocabulary.fromCounts(field.getKey(), counts, minCount));
        }
        return new FieldLayout(new ArrayList<>(categorical.keySet()), vocabs, new ArrayList<>(numeric), Set.of(), Set.of());
    }

    /** @param featureName a feature name @return the field it belongs to */
    public static String fieldOf(String featureName) {
        int at = featureName.indexOf('@');
        return at < 0 ? featureName : featureName.substring(0, at);
    }

    /** @return number of fields (categorical + numeric) */
    public int fieldCount() { return categorical.size() + numeric.size(); }

    /** @param f field index @return its name */
    public String fieldName(int f) {
        return f < categorical.size() ? categorical.get(f) : numeric.get(f - categorical.size());
    }

    /** @return all field names in order */
    public List<String> fieldNames() {
        List<String> all = new ArrayList<>(categorical);
        all.addAll(numeric);
        return Collections.unmodifiableList(all);
    }

    /** @return categorical field names */
    public List<String> categoricalFields() { return categorical; }

    /** @param f categorical field index @return its vocabulary */
    public Vocabulary vocabulary(int f) { return vocabularies.get(f); }

    /** @return categorical fields that held more than one value in some row (empty for old serialized layouts) */
    public Set<String> multiValuedFields() { return multiValued == null ? Set.of() : multiValued; }

    /** @return categorical fields whose feature values were not all 1 (empty for old serialized layouts) */
    public Set<String> weightedFields() { return weighted == null ? Set.of() : weighted; }

    /** @return numeric field names */
    public List<String> numericFields() { return numeric; }

    /**
     * The Tribuo feature map of a model over this layout: each vocabulary value as {@code field@value}, then the
     * numeric fields; it reads the vocabularies, so a model stores them once.
     * @return the feature map
     */
    public VocabularyFeatureMap featureMap() {
        return new VocabularyFeatureMap(categorical, vocabularies, numeric);
    }

    /**
     * @param keep indices of the fields to keep
     * @return the layout restricted to those fields (their order kept)
     */
    public FieldLayout restrictTo(List<Integer> keep) {
        List<String> cat = new ArrayList<>();
        List<Vocabulary> voc = new ArrayList<>();
        List<String> num = new ArrayList<>();
        List<NumericTransform> numTransforms = new ArrayList<>();
        for (int f : keep) {
            if (f < categorical.size()) {
                cat.add(categorical.get(f));
                voc.add(vocabularies.get(f));
            } else {
                num.add(numeric.get(f - categorical.size()));
                numTransforms.add(numericTransform(f - categorical.size()));
            }
        }
        Set<String> keptMulti = new HashSet<>(multiValuedFields());
        keptMulti.retainAll(cat);
        Set<String> keptWeighted = new HashSet<>(weightedFields());
        keptWeighted.retainAll(cat);
        return new FieldLayout(cat, voc, num, keptMulti, keptWeighted, transforms == null ? null : numTransforms);
    }

    @Override
    public String toString() {
        return "FieldLayout(categorical=" + categorical + ",numeric=" + numeric
                + (transforms == null ? "" : ",numericTransforms=" + transforms) + ")";
    }

    /** @return the protobuf form: fields, vocabularies, the categorical fields' shapes and the numeric transforms */
    public FieldLayoutProto toProto() {
        FieldLayoutProto.Builder b = FieldLayoutProto.newBuilder()
                .addAllCategoricalFields(categorical)
                .addAllVocabularies(vocabularies.stream().map(Vocabulary::toProto).toList())
                .addAllNumericFields(numeric)
                .addAllMultiValuedFields(multiValuedFields())
                .addAllWeightedFields(weightedFields());
        if (transforms != null) {
            b.setNumericTransforms(NumericTransformsProto.newBuilder()
                    .addAllTransforms(transforms.stream().map(NumericTransform::name).toList()));
        }
        return b.build();
    }

    /**
     * @param proto the protobuf form
     * @return the layout
     * @throws IllegalArgumentException if the fields and vocabularies, or the numeric fields and their transforms,
     *                                  disagree, or a transform is unknown
     */
    public static FieldLayout fromProto(FieldLayoutProto proto) {
        List<NumericTransform> transforms = null;
        if (proto.hasNumericTransforms()) {
            List<String> names = proto.getNumericTransforms().getTransformsList();
            List<String> fields = proto.getNumericFieldsList();
            transforms = new ArrayList<>();
            for (int n = 0; n < names.size(); n++) {
                transforms.add(NumericTransform.parse(names.get(n), "the model's layout, numeric field '"
                        + (n < fields.size() ? fields.get(n) : "#" + n) + "'"));
            }
        }
        return new FieldLayout(proto.getCategoricalFieldsList(),
                proto.getVocabulariesList().stream().map(Vocabulary::fromProto).toList(), proto.getNumericFieldsList(),
                Set.copyOf(proto.getMultiValuedFieldsList()), Set.copyOf(proto.getWeightedFieldsList()), transforms);
    }
}
