package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.engine.ParameterSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Trained parameters held as plain Java arrays in their training precision, so that a model serializes without
 * depending on an ND4J backend (a model trained on CUDA loads on CPU and back) and restores bit-identically.
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
}
