package dev.tribuoctr.ctr.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.tribuoctr.ctr.encoding.NumericTransform;

import java.util.Map;
import java.util.TreeMap;

/**
 * The numeric transforms a data source applies, declared in its provenance: a {@link ConfiguredSourceProvenance}
 * instance value {@value #KEY} holding a JSON object from numeric feature name to {@link NumericTransform} name
 * (fields not listed are taken as they are). Every dataset built from the source (a {@code MutableDataset}, a
 * columnar dataset, a split of either) carries the source's provenance, so a trainer reads the declaration from
 * {@code dataset.getProvenance()} whichever way the data was loaded, and the trained model's provenance records it.
 */
public final class DeclaredTransforms {
    /** Key of the instance value in a source's provenance. */
    public static final String KEY = "numeric-transforms";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeclaredTransforms() { }

    /**
     * @param transforms the transform of each numeric field the source transforms
     * @return the instance values to give {@link ConfiguredSourceProvenance}: {@value #KEY} → the JSON declaration
     */
    public static Map<String, String> provenanceValues(Map<String, NumericTransform> transforms) {
        Map<String, String> names = new TreeMap<>();
        transforms.forEach((field, t) -> names.put(field, t.name()));
        try {
            return Map.of(KEY, JSON.writeValueAsString(names));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the numeric transforms " + names, e);
        }
    }

    /**
     * The transforms declared by every source in a provenance tree (a dataset's: its source, the source of a dataset
     * it was split from, ...).
     * @param provenance a dataset's or model's provenance
     * @return the declared transform of each field, empty when no source declares one
     * @throws IllegalArgumentException if a declaration is unreadable or two sources declare different transforms
     *                                  for the same field
     */
    public static Map<String, NumericTransform> in(Provenance provenance) {
        Map<String, NumericTransform> found = new TreeMap<>();
        collect(provenance, found);
        return found;
    }

    private static void collect(Provenance p, Map<String, NumericTransform> found) {
        if (p instanceof ConfiguredSourceProvenance source && source.value(KEY) != null) {
            for (Map.Entry<String, NumericTransform> e : parse(source).entrySet()) {
                NumericTransform before = found.putIfAbsent(e.getKey(), e.getValue());
                if (before != null && before != e.getValue()) {
                    throw new IllegalArgumentException("The data's sources declare two transforms for numeric field '"
                            + e.getKey() + "': " + before + " and " + e.getValue() + "; train on data from one kind"
                            + " of source");
                }
            }
        }
        if (p instanceof ObjectProvenance object) {
            for (Pair<String, Provenance> child : object) {
                collect(child.getB(), found);
            }
        } else if (p instanceof ListProvenance<?> list) {
            for (Provenance child : list) {
                collect(child, found);
            }
        } else if (p instanceof MapProvenance<?> map) {
            for (Pair<String, ? extends Provenance> child : map) {
                collect(child.getB(), found);
            }
        }
    }

    private static Map<String, NumericTransform> parse(ConfiguredSourceProvenance source) {
        String where = "the provenance of " + source.getClassName() + ", value '" + KEY + "'";
        Map<String, String> names;
        try {
            names = JSON.readValue(source.value(KEY), new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " is not a JSON object of field names to transforms: "
                    + e.getOriginalMessage(), e);
        }
        Map<String, NumericTransform> out = new TreeMap<>();
        names.forEach((field, name) -> out.put(field, NumericTransform.parse(name, where + ", field '" + field + "'")));
        return out;
    }
}
