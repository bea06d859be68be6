package dev.tribuoctr.ctr.model;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Packs float and double arrays into little-endian bytes for the protobuf model format and back, with the CRC32C
 * checksum that lets a damaged file be told from a model.
 */
final class PackedValues {
    private PackedValues() { }

    /** @param values values @return them as little-endian bytes */
    static ByteString pack(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return ByteString.copyFrom(buffer.array());
    }

    /** @param values values @return them as little-endian bytes */
    static ByteString pack(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        return ByteString.copyFrom(buffer.array());
    }

    /** @param bytes little-endian floats @return the values */
    static float[] floats(ByteString bytes) {
        float[] values = new float[bytes.size() / Float.BYTES];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** @param bytes little-endian doubles @return the values */
    static double[] doubles(ByteString bytes) {
        double[] values = new double[bytes.size() / Double.BYTES];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }

    /** @param bytes bytes @return their CRC32C, as the proto's unsigned fixed32 holds it */
    static int crc32c(ByteString bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.asReadOnlyByteBuffer());
        return (int) crc.getValue();
    }
}
