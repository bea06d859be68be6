package dev.tribuoctr.examples.commands;

import dev.tribuoctr.examples.cli.CliUsageException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The cells of a search: the product of the values of each swept field ({@code --grid component.field=v1,v2}), in
 * order (the last field varies fastest), or a seeded random subset of them. An axis may tie several fields to the
 * same values ({@code --grid trainer.itemEmbeddingSize+trainer.attributeEmbeddingSize=8,16}): each cell sets all of
 * them to its value.
 */
public final class TuneGrid {
    private static final Pattern FIELD = Pattern.compile("[\\w.-]+\\.[\\w-]+");

    /**
     * One swept field, or fields tied to the same values.
     * @param field {@code component.field}, or several joined by {@code +}
     * @param values its values, as OLCUT reads them
     */
    public record Axis(String field, List<String> values) {
        /** @return the configured fields the axis sets: {@code component.field} each */
        public List<String> fields() { return fieldsOf(field); }
    }

    /**
     * @param axisField an axis's field, {@code component.field} or several joined by {@code +}
     * @return the configured fields it sets
     */
    public static List<String> fieldsOf(String axisField) {
        return List.of(axisField.split("\\+"));
    }

    /**
     * One combination of values.
     * @param index its position in the full grid, from 0
     * @param settings field → value, in axis order
     */
    public record Cell(int index, Map<String, String> settings) {
        /** @return the cell's folder name: {@code c<index>} */
        public String id() { return String.format("c%03d", index); }

        /** @return the settings as {@code field=value, ...} */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            settings.forEach((f, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(f).append('=').append(v));
            return sb.toString();
        }
    }

    private final List<Axis> axes;

    /** @param axes the swept fields, in order */
    public TuneGrid(List<Axis> axes) {
        this.axes = List.copyOf(axes);
    }

    /**
     * Parses the {@code --grid} specifications.
     * @param specs each {@code component.field=v1,v2,...}
     * @return the grid
     * @throws CliUsageException if a specification is malformed, a field repeats or a value list is empty
     */
    public static TuneGrid parse(List<String> specs) {
        if (specs.isEmpty()) {
            throw new CliUsageException("tune needs at least one --grid component.field=v1,v2,...", null);
        }
        List<Axis> axes = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String field = eq < 0 ? spec : spec.substring(0, eq).trim();
            if (eq < 0 || field.endsWith("+") || !fieldsOf(field).stream().allMatch(f -> FIELD.matcher(f).matches())) {
                throw new CliUsageException("--grid '" + spec + "': write component.field=v1,v2,..., e.g."
                        + " --grid trainer.mu=0.2,0.4 (tie fields with +: a.x+a.y=1,2)", null);
            }
            List<String> values = Arrays.stream(spec.substring(eq + 1).split(",")).map(String::trim).toList();
            if (values.stream().anyMatch(String::isEmpty)) {
                throw new CliUsageException("--grid '" + spec + "': an empty value", null);
            }
            if (values.stream().distinct().count() != values.size()) {
                throw new CliUsageException("--grid '" + spec + "': a value repeats", null);
            }
            for (String f : fieldsOf(field)) {
                long uses = axes.stream().flatMap(a -> a.fields().stream()).filter(f::equals).count()
                        + fieldsOf(field).stream().filter(f::equals).count();
                if (uses > 1) {
                    throw new CliUsageException("--grid: field " + f + " is given twice", null);
                }
            }
            axes.add(new Axis(field, values));
        }
        return new TuneGrid(axes);
    }

    /** @return the swept fields */
    public List<Axis> axes() { return axes; }

    /** @return the number of cells of the full grid */
    public long size() {
        long n = 1;
        for (Axis a : axes) {
            n = Math.multiplyExact(n, a.values().size());
        }
        return n;
    }

    /** @return every cell, in grid order */
    public List<Cell> cells() {
        if (size() > 100_000) {
            throw new CliUsageException("the grid has " + size() + " cells; use --random N", null);
        }
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            cells.add(cell(i));
        }
        return cells;
    }

    /**
     * @param count how many cells to draw (at most the grid's size)
     * @param seed the seed of the draws
     * @return that many distinct cells drawn uniformly, in grid order
     */
    public List<Cell> randomCells(int count, long seed) {
        long size = size();
        if (count >= size) {
            return cells();
        }
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.TreeSet<Long> picked = new java.util.TreeSet<>();
        while (picked.size() < count) {
            picked.add(rng.nextLong(size));
        }
        return picked.stream().map(i -> cell(Math.toIntExact(i))).toList();
    }

    /**
     * @param index a position in the full grid, from 0
     * @return the cell at that position
     */
    public Cell cell(int index) {
        Map<String, String> settings = new LinkedHashMap<>();
        int rest = index;
        int[] digits = new int[axes.size()];
        for (int a = axes.size() - 1; a >= 0; a--) {
            int n = axes.get(a).values().size();
            digits[a] = rest % n;
            rest /= n;
        }
        for (int a = 0; a < axes.size(); a++) {
            settings.put(axes.get(a).field(), axes.get(a).values().get(digits[a]));
        }
        return new Cell(index, settings);
    }
}
