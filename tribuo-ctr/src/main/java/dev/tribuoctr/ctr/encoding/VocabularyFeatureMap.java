package dev.tribuoctr.ctr.encoding;

import org.tribuo.CategoricalInfo;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.RealInfo;
import org.tribuo.VariableIDInfo;
import org.tribuo.VariableInfo;
import org.tribuo.protos.core.FeatureDomainProto;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The Tribuo feature map of a model, read from the model's vocabularies instead of held as a map: the features the
 * model knows are {@code field@value} for each value of each field's {@link Vocabulary}, then its numeric features.
 * A model of millions of items therefore stores its vocabularies once (Java serialization writes the vocabularies
 * its encoder also holds a single time, by reference) rather than once more as a map entry per feature name. Feature
 * ids follow the fields' order, and within a field the vocabulary's order.
 * <p>
 * For a CTR model ({@link #of(CtrFeatureLayout)}) the fields are the items as targets and in the history (one
 * vocabulary, two names), each attribute group and each context field. The entries carry no observation counts (a
 * vocabulary keeps values, not counts): {@link VariableInfo#getCount()} is 0.
 */
public final class VocabularyFeatureMap extends ImmutableFeatureMap {
    private static final long serialVersionUID = 1L;

    private final List<String> fields;
    private final List<Vocabulary> vocabularies;
    private final List<String> numeric;
    private transient List<Group> groups;
    private transient int total;

    private record Group(String field, Vocabulary vocabulary, List<String> numeric, int firstId) {
        int size() {
            return vocabulary != null ? vocabulary.size() - Vocabulary.FIRST_VALUE : numeric.size();
        }

        String name(int offset) {
            return vocabulary != null ? field + '@' + vocabulary.value(offset + Vocabulary.FIRST_VALUE)
                    : numeric.get(offset);
        }
    }

    /**
     * @param fields the categorical fields
     * @param vocabularies their vocabularies, one per field (a vocabulary may serve several fields)
     * @param numeric the numeric feature names
     * @throws IllegalArgumentException if the lists disagree
     */
    public VocabularyFeatureMap(List<String> fields, List<Vocabulary> vocabularies, List<String> numeric) {
        if (fields.size() != vocabularies.size()) {
            throw new IllegalArgumentException("Got " + fields.size() + " fields and " + vocabularies.size()
                    + " vocabularies");
        }
        this.fields = new ArrayList<>(fields);
        this.vocabularies = new ArrayList<>(vocabularies);
        this.numeric = new ArrayList<>(numeric);
        index();
    }

    /**
     * The feature map of a CTR model.
     * @param layout the model's layout
     * @return its feature map
     */
    public static VocabularyFeatureMap of(CtrFeatureLayout layout) {
        CtrSchema schema = layout.schema();
        List<String> fields = new ArrayList<>();
        List<Vocabulary> vocabularies = new ArrayList<>();
        fields.add(schema.itemField());
        vocabularies.add(layout.itemVocabulary());
        fields.add(schema.historyField());
        vocabularies.add(layout.itemVocabulary());
        fields.addAll(schema.attributeFields());
        vocabularies.addAll(layout.attributeVocabularies());
        fields.addAll(layout.contextFields());
        vocabularies.addAll(layout.contextVocabularies());
        return new VocabularyFeatureMap(fields, vocabularies, layout.numericFeatures());
    }

    private void index() {
        List<Group> list = new ArrayList<>();
        int next = 0;
        for (int f = 0; f < fields.size(); f++) {
            list.add(new Group(fields.get(f), vocabularies.get(f), null, next));
            next += list.get(list.size() - 1).size();
        }
        list.add(new Group(null, null, numeric, next));
        next += list.get(list.size() - 1).size();
        this.groups = list;
        this.total = next;
        this.size = next;
    }

    /**
     * @param field a categorical field
     * @return its vocabulary, or null when the map has no such field
     */
    public Vocabulary vocabulary(String field) {
        int f = fields.indexOf(field);
        return f < 0 ? null : vocabularies.get(f);
    }

    @Override
    public int size() { return total; }

    @Override
    public VariableIDInfo get(String name) {
        int id = getID(name);
        return id < 0 ? null : info(name, id);
    }

    @Override
    public int getID(String name) {
        if (name == null) {
            return -1;
        }
        int at = name.indexOf('@');
        for (Group g : groups) {
            if (g.vocabulary() == null) {
                int position = at < 0 ? g.numeric().indexOf(name) : -1;
                return position < 0 ? -1 : g.firstId() + position;
            }
            if (at == g.field().length() && name.startsWith(g.field())) {
                String value = name.substring(at + 1);
                return g.vocabulary().contains(value)
                        ? g.firstId() + g.vocabulary().index(value) - Vocabulary.FIRST_VALUE : -1;
            }
        }
        return -1;
    }

    @Override
    public VariableIDInfo get(int id) {
        if (id < 0 || id >= total) {
            return null;
        }
        Group group = groups.get(0);
        for (Group g : groups) {
            if (g.firstId() <= id && id < g.firstId() + g.size()) {
                group = g;
                break;
            }
        }
        return info(group.name(id - group.firstId()), id);
    }

    private VariableIDInfo info(String name, int id) {
        // A numeric entry needs a valid range to survive protobuf; the layout keeps none, so it is [0, 0].
        return name.indexOf('@') < 0 ? new RealInfo(name, 0, 0, 0, 0, 0).makeIDInfo(id)
                : new CategoricalInfo(name).makeIDInfo(id);
    }

    @Override
    public Iterator<VariableInfo> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() { return next < total; }

            @Override
            public VariableInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                Iterator<VariableInfo> infos = VocabularyFeatureMap.this.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() { return infos.hasNext(); }

                    @Override
                    public String next() { return infos.next().getName(); }
                };
            }

            @Override
            public boolean contains(Object o) { return o instanceof String && getID((String) o) >= 0; }

            @Override
            public int size() { return total; }
        };
    }

    /**
     * Writes every entry, as an ordinary {@link ImmutableFeatureMap} would.
     * @return the protobuf form
     */
    @Override
    public FeatureDomainProto serialize() {
        List<VariableInfo> infos = new ArrayList<>(total);
        iterator().forEachRemaining(infos::add);
        return new ImmutableFeatureMap(infos).serialize();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VocabularyFeatureMap)) {
            return false;
        }
        VocabularyFeatureMap that = (VocabularyFeatureMap) o;
        return fields.equals(that.fields) && vocabularies.equals(that.vocabularies) && numeric.equals(that.numeric);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields, numeric, total);
    }

    @Override
    public String toString() {
        return "VocabularyFeatureMap(" + total + " features: fields " + fields + ", numeric " + numeric + ")";
    }

    @Override
    public String toReadableString() {
        return toString();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        index();
    }
}
