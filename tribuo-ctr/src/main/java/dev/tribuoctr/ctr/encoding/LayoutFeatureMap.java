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
 * The Tribuo feature map of a CTR model, read from its {@link CtrFeatureLayout} instead of held as a map: the
 * features the model knows are its vocabularies' values ({@code item@v} and {@code hist_item@v} for each item,
 * {@code <attribute>@v}, {@code <context>@v}) and its numeric features. A model of millions of items therefore stores
 * its vocabularies once (Java serialization writes the layout the encoder also holds a single time) rather than once
 * more as a map entry per feature name. Feature ids follow the layout's order: items as targets, items in the
 * history, each attribute group, each context field, then the numeric features; within a group, the vocabulary's
 * order.
 * <p>
 * The entries carry no observation counts (a layout keeps values, not counts): {@link VariableInfo#getCount()} is 0.
 */
public final class LayoutFeatureMap extends ImmutableFeatureMap {
    private static final long serialVersionUID = 1L;

    private final CtrFeatureLayout layout;
    /** Per group: field name and vocabulary (null for the numeric group). */
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
     * @param layout the model's layout
     */
    public LayoutFeatureMap(CtrFeatureLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        index();
    }

    private void index() {
        List<Group> list = new ArrayList<>();
        int next = 0;
        CtrSchema schema = layout.schema();
        list.add(new Group(schema.itemField(), layout.itemVocabulary(), null, next));
        next += list.get(list.size() - 1).size();
        list.add(new Group(schema.historyField(), layout.itemVocabulary(), null, next));
        next += list.get(list.size() - 1).size();
        for (int g = 0; g < layout.attributeCount(); g++) {
            list.add(new Group(schema.attributeFields().get(g), layout.attributeVocabulary(g), null, next));
            next += list.get(list.size() - 1).size();
        }
        for (int f = 0; f < layout.contextFields().size(); f++) {
            list.add(new Group(layout.contextFields().get(f), layout.contextVocabulary(f), null, next));
            next += list.get(list.size() - 1).size();
        }
        list.add(new Group(null, null, layout.numericFeatures(), next));
        next += list.get(list.size() - 1).size();
        this.groups = list;
        this.total = next;
        this.size = next;
    }

    /** @return the layout this map reads */
    public CtrFeatureLayout layout() { return layout; }

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
                Iterator<VariableInfo> infos = LayoutFeatureMap.this.iterator();
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
        return o instanceof LayoutFeatureMap && ((LayoutFeatureMap) o).layout == layout;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(layout);
    }

    @Override
    public String toString() {
        return "LayoutFeatureMap(" + total + " features of " + layout + ")";
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
