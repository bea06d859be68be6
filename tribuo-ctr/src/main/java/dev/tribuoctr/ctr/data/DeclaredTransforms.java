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
import java.util.function.Consumer;
import java.util.List;
import java.util.ArrayList;
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
    /**
     * Key of a source's declaration of a step it applies that an ONNX graph cannot apply to raw published values
     * (such as Criteo's hexadecimal hashes read as numbers into buckets): a sentence saying which step, on which
     * fields. An exporter refuses a model trained on such a source, since the file would score raw values wrongly
     * without an error.
     */
    public static final String OUTSIDE_THE_GRAPH_KEY = "steps-outside-the-graph";
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
     * @param transforms the transform of each numeric field the source transforms
     * @param outsideTheGraph a step the source applies that no exported graph can apply, or null when none
     * @return the instance values to give {@link ConfiguredSourceProvenance}
     */
    public static Map<String, String> provenanceValues(Map<String, NumericTransform> transforms, String outsideTheGraph) {
        Map<String, String> values = new TreeMap<>(provenanceValues(transforms));
        if (outsideTheGraph != null) {
            values.put(OUTSIDE_THE_GRAPH_KEY, outsideTheGraph);
        }
        return values;
    }

    /**
     * The steps outside the graph declared by the sources in a provenance tree.
     * @param provenance a dataset's or model's provenance
     * @return each declaring source's class and its declaration, empty when none declares one
     */
    public static List<String> stepsOutsideTheGraph(Provenance provenance) {
        List<String> found = new ArrayList<>();
        visit(provenance, source -> {
            String step = source.value(OUTSIDE_THE_GRAPH_KEY);
            if (step != null && !found.contains(source.getClassName() + ": " + step)) {
                found.add(source.getClassName() + ": " + step);
            }
        });
        return found;
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

    private static void collect(Provenance provenance, Map<String, NumericTransform> found) {
        visit(provenance, source -> {
            if (source.value(KEY) == null) {
                return;
            }
            for (Map.Entry<String, NumericTransform> e : parse(source).entrySet()) {
                NumericTransform before = found.putIfAbsent(e.getKey(), e.getValue());
                if (before != null && before != e.getValue()) {
                    throw new IllegalArgumentException("The data's sources declare two transforms for numeric field '"
                            + e.getKey() + "': " + before + " and " + e.getValue() + "; train on data from one kind"
                            + " of source");
                }
            }
        });
    }

    /** Calls {@code action} on every source provenance in a provenance tree. */
    private static void visit(Provenance p, Consumer<ConfiguredSourceProvenance> action) {
        if (p instanceof ConfiguredSourceProvenance source) {
            action.accept(source);
        }
        if (p instanceof ObjectProvenance object) {
            for (Pair<String, Provenance> child : object) {
                visit(child.getB(), action);
            }
        } else if (p instanceof ListProvenance<?> list) {
            for (Provenance child : list) {
                visit(child, action);
            }
        } else if (p instanceof MapProvenance<?> map) {
            for (Pair<String, ? extends Provenance> child : map) {
                visit(child.getB(), action);
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
