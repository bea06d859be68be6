package dev.tribuoctr.examples.commands;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which completed runs in a {@code tune} folder still belong to the search being run. Runs are named by cell
 * index and seed ({@code c003-seed2}), so after the search changed ({@code --overwrite} with other grid values, more
 * seeds, another configuration) a run of the same name may have been trained with other settings: only a run whose
 * cell had exactly the same settings, under the same configuration, data, properties and seed field, is reused.
 */
final class TuneResume {
    /** Spec entries that change every run of the folder when they change. */
    private static final List<String> SHARED = List.of("config", "data_dir", "properties", "fixed_fields",
            "seed_field");

    private TuneResume() { }

    /**
     * @param previous the spec the folder recorded before this run ({@code tune-spec.json}), or null if none
     * @param current this search's spec
     * @param cells this search's cells
     * @return the indices of this search's cells whose completed runs may be read back instead of trained
     */
    static Set<Integer> reusableCells(JsonNode previous, JsonNode current, List<TuneGrid.Cell> cells) {
        Set<Integer> reusable = new HashSet<>();
        if (previous == null || SHARED.stream().anyMatch(k -> !previous.path(k).equals(current.path(k)))) {
            return reusable;
        }
        TuneGrid before = gridOf(previous);
        Set<Integer> ranBefore = new HashSet<>();
        previous.path("cells").forEach(c -> ranBefore.add(c.asInt()));
        for (TuneGrid.Cell cell : cells) {
            if (ranBefore.contains(cell.index()) && cell.index() < before.size()
                    && before.cell(cell.index()).settings().equals(cell.settings())) {
                reusable.add(cell.index());
            }
        }
        return reusable;
    }

    /** The grid a spec records ({@code "grid": {field: [values]}}, axes in order). */
    private static TuneGrid gridOf(JsonNode spec) {
        List<TuneGrid.Axis> axes = new ArrayList<>();
        spec.path("grid").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            axes.add(new TuneGrid.Axis(e.getKey(), values));
        });
        return new TuneGrid(axes);
    }
}
