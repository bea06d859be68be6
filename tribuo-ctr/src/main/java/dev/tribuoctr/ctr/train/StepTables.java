package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.engine.TouchedRows;
import dev.tribuoctr.ctr.engine.cpu.CpuBlas;
import dev.tribuoctr.ctr.engine.cpu.HostArrays;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.NetworkInput;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Gives one training step compact copies of the embedding rows its batches touch, so that every pass of the
 * wrapping operator (and its perturbations θ ± εv) works on small dense tensors and the step's cost does not
 * depend on the vocabulary size. The gradients it yields are indexed like the copies; {@link #tableRows()} tells
 * the optimiser which table rows they belong to.
 */
final class StepTables {
    private final InterestArchitecture arch;
    private final TouchedRows item;
    private final TouchedRows[] attributes;
    private final TouchedRows[] context;

    StepTables(InterestArchitecture arch, ParameterSet global) {
        this.arch = arch;
        this.item = new TouchedRows(rowsOf(global, InterestArchitecture.ITEM_GROUP));
        this.attributes = new TouchedRows[arch.attributeGroups().size()];
        for (int a = 0; a < attributes.length; a++) {
            attributes[a] = new TouchedRows(rowsOf(global, arch.attributeGroups().get(a)));
        }
        this.context = new TouchedRows[arch.contextFields().size()];
        for (int f = 0; f < context.length; f++) {
            context[f] = new TouchedRows(rowsOf(global, arch.contextFields().get(f)));
        }
    }

    private static int rowsOf(ParameterSet p, String group) {
        return Math.toIntExact(p.get(InterestArchitecture.tableName(group)).rows());
    }

    /**
     * The index work of a step, which depends on its batches only: the rows each table's compact copy holds and the
     * batches indexed into those copies. It can be prepared while the previous step computes
     * ({@link TrainingLoop} does, on another thread); the values are copied later by {@link #localise}.
     */
    static final class StepPlan {
        private final Map<String, int[]> tableRows;
        private final NetworkInput in;
        private final NetworkInput out;

        StepPlan(Map<String, int[]> tableRows, NetworkInput in, NetworkInput out) {
            this.tableRows = tableRows;
            this.in = in;
            this.out = out;
        }

        /** @return for each table, the table row of each row of its compact copy */
        Map<String, int[]> tableRows() { return tableRows; }

        /** @return the in-bag batch, indexed into the compact copies */
        NetworkInput in() { return in; }

        /** @return the out-of-bag batch, indexed into the compact copies, or null */
        NetworkInput out() { return out; }
    }

    /**
     * Collects the rows the batches touch and indexes the batches into the compact copies. Not thread-safe: one
     * plan at a time (the row maps are reused), but a plan, once made, no longer depends on this object.
     * @param in the in-bag batch
     * @param out the out-of-bag batch, or null
     * @param type compute type of the inputs
     * @return the step's plan
     */
    StepPlan plan(CtrBatch in, CtrBatch out, DataType type) {
        Map<String, int[]> rows = new java.util.LinkedHashMap<>();
        rows.put(InterestArchitecture.tableName(InterestArchitecture.ITEM_GROUP),
                item.collect(indexArrays(in, out, b -> new int[][]{b.items(), b.historyItems()})));
        for (int a = 0; a < attributes.length; a++) {
            int group = a;
            rows.put(InterestArchitecture.tableName(arch.attributeGroups().get(a)), attributes[a].collect(
                    indexArrays(in, out, b -> new int[][]{b.attributes(group), b.historyAttributes(group)})));
        }
        for (int f = 0; f < context.length; f++) {
            int field = f;
            rows.put(InterestArchitecture.tableName(arch.contextFields().get(f)),
                    context[f].collect(indexArrays(in, out, b -> new int[][]{b.contextIndices(field)})));
        }
        return new StepPlan(rows, input(in, type), out == null ? null : input(out, type));
    }

    private static int[][] indexArrays(CtrBatch in, CtrBatch out, java.util.function.Function<CtrBatch, int[][]> of) {
        List<int[]> all = new ArrayList<>(List.of(of.apply(in)));
        if (out != null) {
            all.addAll(List.of(of.apply(out)));
        }
        return all.toArray(new int[0][]);
    }

    /**
     * @param global the full parameters
     * @param plan the step's plan
     * @return the step's parameters: compact copies of the planned rows, plus the dense tensors by reference
     */
    ParameterSet localise(ParameterSet global, StepPlan plan) {
        ParameterSet local = new ParameterSet();
        plan.tableRows().forEach((name, rows) -> copyRows(global, local, name, rows));
        global.names().stream().filter(n -> !InterestArchitecture.isEmbedding(n)).forEach(n -> local.put(n, global.get(n)));
        return local;
    }

    private static void copyRows(ParameterSet global, ParameterSet local, String name, int[] rows) {
        INDArray table = global.get(name);
        // On the CPU backend a Java copy of the rows is an order of magnitude faster than ND4J's pullRows.
        local.put(name, table.dataType() == DataType.FLOAT && CpuBlas.isAvailable()
                ? HostArrays.gatherRows(table, rows) : Nd4j.pullRows(table, 1, rows));
    }

    /** @return the batch indexed into the compact copies of the last collected rows */
    private NetworkInput input(CtrBatch batch, DataType type) {
        return NetworkInput.of(batch, new NetworkInput.RowMapper() {
            @Override public IntUnaryOperator item() { return item::positionOf; }
            @Override public IntUnaryOperator attribute(int group) { return attributes[group]::positionOf; }
            @Override public IntUnaryOperator context(int field) { return context[field]::positionOf; }
        }, type);
    }

}
