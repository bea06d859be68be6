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
import java.util.HashMap;
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
    private final Map<String, int[]> tableRows = new HashMap<>();

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
     * Collects the rows the batches touch and returns the step's parameters: compact table copies plus the dense
     * tensors by reference.
     * @param global the full parameters
     * @param batches the step's batches (null entries are skipped)
     * @return the step's parameters
     */
    ParameterSet localise(ParameterSet global, CtrBatch... batches) {
        List<int[]> items = new ArrayList<>();
        for (CtrBatch b : batches) {
            if (b != null) { items.add(b.items()); items.add(b.historyItems()); }
        }
        ParameterSet local = new ParameterSet();
        copyRows(global, local, InterestArchitecture.ITEM_GROUP, item.collect(items.toArray(new int[0][])));
        for (int a = 0; a < attributes.length; a++) {
            List<int[]> idx = new ArrayList<>();
            for (CtrBatch b : batches) {
                if (b != null) { idx.add(b.attributes(a)); idx.add(b.historyAttributes(a)); }
            }
            copyRows(global, local, arch.attributeGroups().get(a), attributes[a].collect(idx.toArray(new int[0][])));
        }
        for (int f = 0; f < context.length; f++) {
            List<int[]> idx = new ArrayList<>();
            for (CtrBatch b : batches) {
                if (b != null) { idx.add(b.contextIndices(f)); }
            }
            copyRows(global, local, arch.contextFields().get(f), context[f].collect(idx.toArray(new int[0][])));
        }
        global.names().stream().filter(n -> !InterestArchitecture.isEmbedding(n)).forEach(n -> local.put(n, global.get(n)));
        return local;
    }

    private void copyRows(ParameterSet global, ParameterSet local, String group, int[] rows) {
        String name = InterestArchitecture.tableName(group);
        tableRows.put(name, rows);
        INDArray table = global.get(name);
        // On the CPU backend a Java copy of the rows is an order of magnitude faster than ND4J's pullRows.
        local.put(name, table.dataType() == DataType.FLOAT && CpuBlas.isAvailable()
                ? HostArrays.gatherRows(table, rows) : Nd4j.pullRows(table, 1, rows));
    }

    /**
     * @param batch a batch given to the last {@link #localise}
     * @param type compute type
     * @return the batch indexed into the compact copies
     */
    NetworkInput input(CtrBatch batch, DataType type) {
        return NetworkInput.of(batch, new NetworkInput.RowMapper() {
            @Override public IntUnaryOperator item() { return item::positionOf; }
            @Override public IntUnaryOperator attribute(int group) { return attributes[group]::positionOf; }
            @Override public IntUnaryOperator context(int field) { return context[field]::positionOf; }
        }, type);
    }

    /** @return for each table, the table row of each row of its compact copy (from the last {@link #localise}) */
    Map<String, int[]> tableRows() {
        return tableRows;
    }
}
