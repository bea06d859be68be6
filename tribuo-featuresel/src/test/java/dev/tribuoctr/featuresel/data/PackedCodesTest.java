package dev.tribuoctr.featuresel.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedCodesTest {
    @Test
    void readsBackEveryCodeAcrossChunksAndBitWidths() {
        SplittableRandom rng = new SplittableRandom(1);
        int rows = 3 * PackedCodes.CHUNK + 123;
        int[] expected = new int[rows];
        PackedCodes codes = new PackedCodes();
        for (int r = 0; r < rows; r++) {
            int chunk = r / PackedCodes.CHUNK;
            // chunk 0: all zero (0 bits); 1: up to 2^17; 2: up to Integer.MAX_VALUE; last: small
            int bound = chunk == 0 ? 0 : chunk == 1 ? 1 << 17 : chunk == 2 ? Integer.MAX_VALUE : 7;
            expected[r] = bound == 0 ? 0 : r % 97 == 0 ? bound - 1 : rng.nextInt(bound);
            codes.add(expected[r]);
            assertEquals(expected[r], codes.get(r), "readable while open");
        }
        codes.finish();
        assertEquals(rows, codes.size());
        for (int r = 0; r < rows; r++) {
            assertEquals(expected[r], codes.get(r), "row " + r);
        }
        assertTrue(codes.packedBytes() < 4L * rows, "packed below an int a row: " + codes.packedBytes());
        assertThrows(IllegalStateException.class, () -> codes.add(1));
        assertThrows(IllegalArgumentException.class, () -> new PackedCodes().add(-1));
    }
}
