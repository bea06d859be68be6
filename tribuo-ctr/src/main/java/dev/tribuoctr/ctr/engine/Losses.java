package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The binary cross-entropy from logits shared by every model: value and gradient. */
public final class Losses {
    private Losses() { }

    /**
     * @param logits [B, 1]
     * @param labels [B, 1], 0 or 1
     * @return mean of {@code max(l,0) − l·y + log(1 + exp(−|l|))}, stable for any logit
     */
    public static double meanBinaryCrossEntropy(INDArray logits, INDArray labels) {
        INDArray abs = Transforms.abs(logits, true);
        INDArray perExample = Transforms.relu(logits, true).subi(logits.mul(labels))
                .addi(Transforms.log(Transforms.exp(abs.negi(), false).addi(1.0), false));
        return perExample.meanNumber().doubleValue();
    }

    /**
     * @param logits [B, 1]
     * @param labels [B, 1]
     * @return the gradient of the mean loss w.r.t. the logits, {@code (σ(l) − y) / B}
     */
    public static INDArray meanBinaryCrossEntropyGradient(INDArray logits, INDArray labels) {
        return Transforms.sigmoid(logits, true).subi(labels).divi(logits.rows());
    }
}
