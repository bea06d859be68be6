package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import dev.tribuoctr.ctr.model.InterestNetwork;
import dev.tribuoctr.ctr.model.NetworkInput;
import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.testutil.RandomBatches;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-step compact tables must not change the mathematics: the wrapping operator's gradients computed on
 * {@link StepTables}' compact copies, scattered back to full-table shape with {@link StepTables#tableRows()}, equal
 * (to 1e-12, float64) the gradients computed on the full tables with the identity row mapping, for μ = 0.5 with the
 * second-order term. Also: the compact tables hold exactly the distinct rows the batches touch (plus the padding
 * row, at position 0, so that index 0 means padding in the compact copies too), and a second step on other batches
 * re-maps correctly (the position map is reset).
 */
class StepTablesTest {
    private static final int NUMERIC = 1;

    @ParameterizedTest(name = "{0} N={1}")
    @CsvSource({"ATTENTION, 1", "SOFTMAX, 1", "ATTENTION, 2", "SUM, 1"})
    void compactGradientsEqualFullTableGradients(Pooling pooling, int innerSteps) {
        SplittableRandom rng = new SplittableRandom(7 + 13L * pooling.ordinal() + innerSteps);
        InterestArchitecture arch = RandomBatches.architecture(pooling, NUMERIC);
        ParameterSet global = arch.initialise(rng.split(), 0.5, DataType.DOUBLE);
        InterestNetwork net = new InterestNetwork(arch);
        WrappingOperator op = new WrappingOperator(net, new MetaSettings(0.5, 0.3, innerSteps, true, 1e-4));
        StepTables tables = new StepTables(arch, global);

        for (int step = 0; step < 2; step++) {
            CtrBatch in = RandomBatches.batch(rng.split(), 6, 4, NUMERIC);
            CtrBatch out = RandomBatches.batch(rng.split(), 3, 4, NUMERIC);

            MetaGradient full = op.compute(global, NetworkInput.of(in, DataType.DOUBLE), NetworkInput.of(out, DataType.DOUBLE));

            StepTables.StepPlan plan = tables.plan(in, out, DataType.DOUBLE);
            ParameterSet local = tables.localise(global, plan);
            MetaGradient compact = op.compute(local, plan.in(), plan.out());
            Map<String, int[]> rows = plan.tableRows();

            assertEquals(full.lossIn(), compact.lossIn(), 1e-12, "loss_in");
            assertEquals(full.lossOutAfterInner(), compact.lossOutAfterInner(), 1e-12, "loss_out");
            ParameterSet fullGrads = full.all();
            ParameterSet compactGrads = compact.all();
            assertEquals(fullGrads.names(), compactGrads.names());
            for (String name : fullGrads.names()) {
                INDArray want = fullGrads.get(name);
                INDArray got = compactGrads.get(name);
                if (InterestArchitecture.isEmbedding(name)) {
                    int[] r = rows.get(name);
                    assertNotNull(r, "no table rows for " + name);
                    assertEquals(expectedRows(name, in, out), asSet(r), name + ": compact rows are not the touched rows");
                    assertEquals(r.length, asSet(r).size(), name + ": duplicate rows in the compact table");
                    assertEquals(0, r[0], name + ": position 0 of the compact copy must be the padding row");
                    assertEquals(r.length, got.rows(), name + ": compact gradient rows");
                    for (int i = 0; i < r.length; i++) {
                        assertEquals(0.0, local.get(name).getRow(i).sub(global.get(name).getRow(r[i])).norm2Number()
                                .doubleValue(), 0.0, name + ": compact row " + i + " is not table row " + r[i]);
                    }
                    got = scatter(got, r, want.rows());
                    // The full-table gradient is zero outside the touched rows.
                    Set<Integer> touched = asSet(r);
                    for (int row = 0; row < want.rows(); row++) {
                        if (!touched.contains(row)) {
                            assertEquals(0.0, want.getRow(row).norm2Number().doubleValue(), 0.0,
                                    name + ": gradient in untouched row " + row);
                        }
                    }
                } else {
                    assertTrue(!rows.containsKey(name), name + " is dense but has table rows");
                }
                assertEquals(Arrays.toString(want.shape()), Arrays.toString(got.shape()), name + " shape");
                double diff = want.sub(got).amaxNumber().doubleValue();
                assertTrue(diff <= 1e-12 * Math.max(1.0, want.amaxNumber().doubleValue()),
                        pooling + " step " + step + " " + name + ": max difference " + diff);
            }
            assertTrue(fullGrads.norm2() > 0);
        }
    }

    private static Set<Integer> expectedRows(String name, CtrBatch... batches) {
        Set<Integer> s = new HashSet<>();
        s.add(0); // the padding row is always part of the compact copy
        for (CtrBatch b : batches) {
            switch (name) {
                case "emb.item" -> { add(s, b.items()); add(s, b.historyItems()); }
                case "emb.cate" -> { add(s, b.attributes(0)); add(s, b.historyAttributes(0)); }
                case "emb.user" -> add(s, b.contextIndices(0));
                case "emb.tags" -> add(s, b.contextIndices(1));
                default -> throw new AssertionError("unexpected table " + name);
            }
        }
        return s;
    }

    private static void add(Set<Integer> s, int[] idx) {
        for (int i : idx) { s.add(i); }
    }

    private static Set<Integer> asSet(int[] a) {
        Set<Integer> s = new HashSet<>();
        add(s, a);
        return s;
    }

    private static INDArray scatter(INDArray compact, int[] rows, long tableRows) {
        INDArray full = org.nd4j.linalg.factory.Nd4j.zeros(compact.dataType(), tableRows, compact.columns());
        for (int i = 0; i < rows.length; i++) {
            full.getRow(rows[i]).addi(compact.getRow(i));
        }
        return full;
    }
}
