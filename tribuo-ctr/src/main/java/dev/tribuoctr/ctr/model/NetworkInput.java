package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.IntUnaryOperator;

/**
 * A {@link CtrBatch} ready for the network: indices into the tables the network is given (which may be the full
 * tables or compact per-step copies of the touched rows), plus the mask, weights and labels as tensors of the
 * compute type. Built once per batch and reused by every pass of a step.
 */
public final class NetworkInput {
    final int batch;
    final int steps;
    final int[] items;
    final int[][] attributes;
    final int[] historyItems;
    final int[][] historyAttributes;
    final int[][] contextIndices;
    final float[][] contextWeights;
    final int[] contextWidths;
    final float[] numericValues;
    final int numericCount;
    final float[] maskValues;
    final float[] labelValues;
    private final DataType type;
    private INDArray[] contextWeightColumns;
    private INDArray numeric;
    private INDArray mask;
    private INDArray labels;

    private NetworkInput(CtrBatch b, RowMapper mapper, DataType type) {
        this.batch = b.size();
        this.steps = b.historyLength();
        this.items = map(b.items(), mapper.item());
        int a = b.attributeCount();
        this.attributes = new int[a][];
        this.historyAttributes = new int[a][];
        for (int i = 0; i < a; i++) {
            attributes[i] = map(b.attributes(i), mapper.attribute(i));
            historyAttributes[i] = map(b.historyAttributes(i), mapper.attribute(i));
        }
        this.historyItems = map(b.historyItems(), mapper.item());
        int f = b.contextFieldCount();
        this.contextIndices = new int[f][];
        this.contextWeights = new float[f][];
        this.contextWidths = new int[f];
        for (int i = 0; i < f; i++) {
            contextIndices[i] = map(b.contextIndices(i), mapper.context(i));
            contextWeights[i] = b.contextWeights(i);
            contextWidths[i] = b.contextWidth(i);
        }
        this.numericCount = b.numericCount();
        this.numericValues = b.numeric();
        float[] m = new float[b.historyItems().length];
        for (int i = 0; i < m.length; i++) {
            m[i] = b.historyItems()[i] != 0 ? 1f : 0f;
        }
        this.maskValues = m;
        this.labelValues = b.labels();
        this.type = type;
    }

    // The ND4J pass reads these as tensors; the fused CPU pass reads the arrays, so the tensors are made on demand.

    INDArray contextWeightColumn(int field) {
        if (contextWeightColumns == null) {
            contextWeightColumns = new INDArray[contextWeights.length];
        }
        if (contextWeightColumns[field] == null) {
            contextWeightColumns[field] = Nd4j.createFromArray(contextWeights[field]).castTo(type)
                    .reshape(contextWeights[field].length, 1);
        }
        return contextWeightColumns[field];
    }

    INDArray numeric() {
        if (numeric == null && numericCount > 0) {
            numeric = Nd4j.createFromArray(numericValues).castTo(type).reshape(batch, numericCount);
        }
        return numeric;
    }

    INDArray mask() {
        if (mask == null && maskValues.length > 0) {
            mask = Nd4j.createFromArray(maskValues).castTo(type).reshape(maskValues.length, 1);
        }
        return mask;
    }

    /**
     * @param batch an encoded batch whose indices address the full tables
     * @param type compute type
     * @return the input, indexing the full tables
     */
    public static NetworkInput of(CtrBatch batch, DataType type) {
        return new NetworkInput(batch, RowMapper.IDENTITY, type);
    }

    /**
     * @param batch an encoded batch whose indices address the full tables
     * @param mapper maps full-table rows to the rows of the tables the network will be given
     * @param type compute type
     * @return the input, indexing the mapped tables
     */
    public static NetworkInput of(CtrBatch batch, RowMapper mapper, DataType type) {
        return new NetworkInput(batch, mapper, type);
    }

    private static int[] map(int[] idx, IntUnaryOperator f) {
        if (f == null) {
            return idx;
        }
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = f.applyAsInt(idx[i]);
        }
        return out;
    }

    /** @return the batch size */
    public int size() { return batch; }

    /** @return the labels, [B, 1] */
    public INDArray labels() {
        if (labels == null) {
            labels = Nd4j.createFromArray(labelValues).castTo(type).reshape(batch, 1);
        }
        return labels;
    }

    /**
     * Maps full-table rows to the rows of the tables handed to the network, per embedding group; a null operator
     * means the identity.
     */
    public interface RowMapper {
        /** The identity mapping: the network gets the full tables. */
        RowMapper IDENTITY = new RowMapper() {
            @Override public IntUnaryOperator item() { return null; }
            @Override public IntUnaryOperator attribute(int group) { return null; }
            @Override public IntUnaryOperator context(int field) { return null; }
        };

        /** @return mapping of the item group */
        IntUnaryOperator item();

        /** @param group attribute group @return its mapping */
        IntUnaryOperator attribute(int group);

        /** @param field context field @return its mapping */
        IntUnaryOperator context(int field);
    }
}
