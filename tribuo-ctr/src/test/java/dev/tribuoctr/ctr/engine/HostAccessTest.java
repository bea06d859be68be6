package dev.tribuoctr.ctr.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Host copies in and out of ND4J arrays, inside and outside a workspace, for views and plain arrays. */
class HostAccessTest {
    private static final WorkspaceConfiguration WS = WorkspaceConfiguration.builder().initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP).build();

    private static void roundTrip(DataType type) {
        INDArray filler = Nd4j.rand(type, 7, 5); // something allocated first, so the next array is not at offset 0
        double[] values = new double[12];
        for (int i = 0; i < values.length; i++) { values[i] = i * 0.25 - 1; }
        INDArray a = HostAccess.fromDoubles(values, new long[]{3, 4}, type);
        assertEquals(type, a.dataType());
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(values[r * 4 + c], a.getDouble(r, c), 0.0);
            }
        }
        assertArrayEquals(values, HostAccess.toDoubles(a), 0.0);
        INDArray view = filler.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5));
        double[] got = HostAccess.toDoubles(view);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(filler.getDouble(r + 1, c + 2), got[r * 3 + c], 0.0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void copiesOutsideWorkspaces(DataType type) {
        roundTrip(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void copiesInsideAWorkspaceAcrossCycles(String type) {
        for (int cycle = 0; cycle < 3; cycle++) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WS, "host-access-test")) {
                roundTrip(DataType.valueOf(type));
            }
        }
    }
}
