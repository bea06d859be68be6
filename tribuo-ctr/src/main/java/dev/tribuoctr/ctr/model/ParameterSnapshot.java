package dev.tribuoctr.ctr.model;

import com.google.protobuf.ByteString;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.protos.ParameterSnapshotProto;
import dev.tribuoctr.ctr.protos.TensorDataType;
import dev.tribuoctr.ctr.protos.TensorProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trained parameters held as plain Java arrays in their training precision, so that a model serializes without
 * depending on an ND4J backend (a model trained on CUDA loads on CPU and back) and restores bit-identically, through
 * Java serialization or its protobuf form ({@link #toProto()}, {@link #fromProto}).
 */
public final class ParameterSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names = new ArrayList<>();
    private final List<long[]> shapes = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private final boolean doublePrecision;

    private ParameterSnapshot(boolean doublePrecision) {
        this.doublePrecision = doublePrecision;
    }

    /**
     * @param params parameters (float32 or float64)
     * @return a snapshot with copies of their values
     */
    public static ParameterSnapshot of(ParameterSet params) {
        boolean dbl = params.dataType() == DataType.DOUBLE;
        ParameterSnapshot s = new ParameterSnapshot(dbl);
        for (String n : params.names()) {
            INDArray t = params.get(n).dup('c');
            s.names.add(n);
            s.shapes.add(t.shape());
            s.values.add(dbl ? t.data().asDouble() : t.data().asFloat());
        }
        return s;
    }

    /** @return fresh ND4J tensors holding the values */
    public ParameterSet toParameterSet() {
        ParameterSet p = new ParameterSet();
        for (int i = 0; i < names.size(); i++) {
            Object v = values.get(i);
            INDArray t = doublePrecision ? Nd4j.create((double[]) v, shapes.get(i), 'c')
                    : Nd4j.create((float[]) v, shapes.get(i), 'c');
            p.put(names.get(i), t);
        }
        return p;
    }

    /** @return the data type of the values */
    public DataType dataType() {
        return doublePrecision ? DataType.DOUBLE : DataType.FLOAT;
    }

    /** @return the number of scalar parameters */
    public long parameterCount() {
        long n = 0;
        for (long[] s : shapes) {
            long c = 1;
            for (long d : s) { c *= d; }
            n += c;
        }
        return n;
    }

    /** @return each parameter's shape by name, in order */
    public Map<String, long[]> shapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), shapes.get(i).clone());
        }
        return out;
    }

    /**
     * Checks that the snapshot holds exactly the expected parameters (in any order) with the expected shapes.
     * @param expected parameter names and shapes
     * @param owner what the parameters belong to, for the message
     * @throws IllegalArgumentException naming the first difference
     */
    public void requireShapes(Map<String, long[]> expected, String owner) {
        if (!expected.keySet().equals(new HashSet<>(names)) || expected.size() != names.size()) {
            throw new IllegalArgumentException(owner + " needs parameters " + expected.keySet() + ", found " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            long[] want = expected.get(names.get(i));
            if (!Arrays.equals(want, shapes.get(i))) {
                throw new IllegalArgumentException(owner + " needs parameter '" + names.get(i) + "' of shape "
                        + Arrays.toString(want) + ", found " + Arrays.toString(shapes.get(i)));
            }
        }
    }

    /** @return the protobuf form: each tensor's shape, precision and little-endian values with their checksum */
    public ParameterSnapshotProto toProto() {
        ParameterSnapshotProto.Builder b = ParameterSnapshotProto.newBuilder();
        for (int i = 0; i < names.size(); i++) {
            ByteString bytes = doublePrecision ? PackedValues.pack((double[]) values.get(i))
                    : PackedValues.pack((float[]) values.get(i));
            TensorProto.Builder t = TensorProto.newBuilder().setName(names.get(i))
                    .setDtype(doublePrecision ? TensorDataType.FLOAT64 : TensorDataType.FLOAT32)
                    .setValues(bytes).setCrc32C(PackedValues.crc32c(bytes));
            for (long d : shapes.get(i)) {
                t.addShape(d);
            }
            b.addTensors(t);
        }
        return b.build();
    }

    /**
     * Reads the protobuf form, checking each tensor against its shape, precision and checksum.
     * @param proto the protobuf form
     * @return the snapshot
     * @throws IllegalArgumentException if a tensor's precision is unknown or differs from the others', its byte
     *                                  length does not match its shape, its checksum fails, or a name repeats
     */
    public static ParameterSnapshot fromProto(ParameterSnapshotProto proto) {
        TensorDataType dtype = proto.getTensorsCount() == 0 ? TensorDataType.FLOAT32 : proto.getTensors(0).getDtype();
        if (dtype != TensorDataType.FLOAT32 && dtype != TensorDataType.FLOAT64) {
            throw new IllegalArgumentException("Parameter '" + proto.getTensors(0).getName()
                    + "' has an unknown precision " + dtype + " (expected FLOAT32 or FLOAT64)");
        }
        ParameterSnapshot s = new ParameterSnapshot(dtype == TensorDataType.FLOAT64);
        int width = dtype == TensorDataType.FLOAT64 ? Double.BYTES : Float.BYTES;
        Set<String> seen = new HashSet<>();
        for (TensorProto t : proto.getTensorsList()) {
            String name = t.getName();
            if (t.getDtype() != dtype) {
                throw new IllegalArgumentException("Parameter '" + name + "' is " + t.getDtype() + " but '"
                        + proto.getTensors(0).getName() + "' is " + dtype + ": a model has one precision");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("Parameter '" + name + "' is stored twice");
            }
            long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
            long count = 1;
            for (long d : shape) {
                if (d < 0 || (d > 0 && count > Integer.MAX_VALUE / d)) {
                    throw new IllegalArgumentException("Parameter '" + name + "' has an invalid shape "
                            + Arrays.toString(shape));
                }
                count *= d;
            }
            if (t.getValues().size() != count * width) {
                throw new IllegalArgumentException("Parameter '" + name + "' holds " + t.getValues().size()
                        + " bytes but its shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                        + count * width + ": the model file is damaged or was altered");
            }
            if (PackedValues.crc32c(t.getValues()) != t.getCrc32C()) {
                throw new IllegalArgumentException("Parameter '" + name + "' fails its CRC32C checksum: the model"
                        + " file is damaged or was altered");
            }
            s.names.add(name);
            s.shapes.add(shape);
            s.values.add(s.doublePrecision ? PackedValues.doubles(t.getValues()) : PackedValues.floats(t.getValues()));
        }
        return s;
    }
}
