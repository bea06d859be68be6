package dev.tribuoctr.ctr.engine.cpu;

/** The binary cross-entropy from logits on Java arrays, shared by every model's fused CPU pass. */
public final class LogisticLoss {
    private LogisticLoss() { }

    /**
     * @param logits [n]
     * @param labels labels, 0 or 1
     * @param labelOffset index in {@code labels} of the first instance
     * @param n instances
     * @return Σ {@code max(l,0) − l·y + log(1 + exp(−|l|))}, stable for any logit (in double)
     */
    public static double sum(float[] logits, float[] labels, int labelOffset, int n) {
        double loss = 0;
        for (int b = 0; b < n; b++) {
            double l = logits[b];
            double y = labels[labelOffset + b];
            loss += Math.max(l, 0) - l * y + Math.log1p(Math.exp(-Math.abs(l)));
        }
        return loss;
    }

    /**
     * The gradient of the mean loss over a batch w.r.t. each logit: {@code (σ(l) − y) / batch}.
     * @param logits [n]
     * @param labels labels
     * @param labelOffset index in {@code labels} of the first instance
     * @param n instances
     * @param batch the size of the whole batch the mean is taken over
     * @param out [n], written
     */
    public static void gradient(float[] logits, float[] labels, int labelOffset, int n, int batch, float[] out) {
        double scale = 1.0 / batch;
        for (int b = 0; b < n; b++) {
            double l = logits[b];
            out[b] = (float) ((1.0 / (1.0 + Math.exp(-l)) - labels[labelOffset + b]) * scale);
        }
    }
}
