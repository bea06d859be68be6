package dev.tribuoctr.ctr.encoding;

import dev.tribuoctr.ctr.protos.VocabularyProto;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vocabulary of one embedding group (design §1.5, docs/design/data-encoding.md): index {@value #PADDING} is padding, index {@value #OOV} is
 * out-of-vocabulary, real values take the indices from {@value #FIRST_VALUE} on.
 * <p>
 * Order: real values are sorted by descending training count, ties broken by {@link String#compareTo} of the
 * value. The order therefore depends only on the counts, never on the order in which the data was read, and the
 * same dataset always gives the same indices. Values counted fewer than {@code minCount} times are left out and
 * map to {@link #OOV}.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Index of padding. */
    public static final int PADDING = 0;
    /** Index of out-of-vocabulary values. */
    public static final int OOV = 1;
    /** Index of the first real value. */
    public static final int FIRST_VALUE = 2;

    private final String name;
    private final String[] values;
    private transient Map<String, Integer> indices;

    /**
     * Creates a vocabulary whose real values take indices 2, 3, … in the given order.
     * @param name the name of the embedding group (e.g. {@code item})
     * @param values the real values, distinct and non-null
     * @throws IllegalArgumentException if a value is null or repeated
     */
    public Vocabulary(String name, List<String> values) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values.toArray(new String[0]);
        this.indices = buildIndex(this.values);
    }

    /**
     * Builds a vocabulary from value counts, in the documented deterministic order.
     * @param name the name of the embedding group
     * @param counts training count of each value
     * @param minCount values counted fewer times are left out (they map to OOV); at least 1
     * @return the vocabulary
     * @throws IllegalArgumentException if {@code minCount < 1}
     */
    public static Vocabulary fromCounts(String name, Map<String, Integer> counts, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, found " + minCount);
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> {
            int c = Integer.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        List<String> ordered = new ArrayList<>(kept.size());
        for (Map.Entry<String, Integer> e : kept) {
            ordered.add(e.getKey());
        }
        return new Vocabulary(name, ordered);
    }

    private static Map<String, Integer> buildIndex(String[] values) {
        Map<String, Integer> map = new HashMap<>(Math.max(16, values.length * 4 / 3 + 1));
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException("Vocabulary values must not be null");
            }
            if (map.put(values[i], i + FIRST_VALUE) != null) {
                throw new IllegalArgumentException("Vocabulary value '" + values[i] + "' is repeated");
            }
        }
        return map;
    }

    /** @return the name of the embedding group */
    public String name() { return name; }

    /** @return the number of rows, padding and OOV included ({@code 2 + number of real values}) */
    public int size() { return values.length + FIRST_VALUE; }

    /**
     * Returns the index of a value.
     * @param value a value
     * @return its index, or {@link #OOV} when it is not in the vocabulary
     */
    public int index(String value) {
        Integer i = indices.get(value);
        return i == null ? OOV : i;
    }

    /**
     * Returns whether a value is a real value of this vocabulary.
     * @param value a value
     * @return true when it has its own index
     */
    public boolean contains(String value) {
        return indices.containsKey(value);
    }

    /**
     * Returns the value at an index.
     * @param index an index in {@code [0, size())}
     * @return the value, or null for {@link #PADDING} and {@link #OOV}
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public String value(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("Index " + index + " outside vocabulary '" + name + "' of size " + size());
        }
        return index < FIRST_VALUE ? null : values[index - FIRST_VALUE];
    }

    /** @return the real values in index order (index 2 first), unmodifiable */
    public List<String> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        indices = buildIndex(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary && name.equals(((Vocabulary) o).name)
                && Arrays.equals(values, ((Vocabulary) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Vocabulary(name=" + name + ",size=" + size() + ")";
    }

    /** @return the protobuf form: the name and the real values in index order */
    public VocabularyProto toProto() {
        return VocabularyProto.newBuilder().setName(name).addAllValues(Arrays.asList(values)).build();
    }

    /**
     * @param proto the protobuf form
     * @return the vocabulary
     * @throws IllegalArgumentException if a value repeats
     */
    public static Vocabulary fromProto(VocabularyProto proto) {
        return new Vocabulary(proto.getName(), proto.getValuesList());
    }
}
