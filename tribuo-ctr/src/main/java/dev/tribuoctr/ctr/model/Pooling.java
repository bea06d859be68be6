package dev.tribuoctr.ctr.model;

/**
 * How the history representations are pooled into the user-interest vector {@code u} (design §2.4, docs/design/interest-model.md).
 */
public enum Pooling {
    /** {@code u = Σ_t m_t s_t h_t} with the selector's raw scores, as DIN (the default). */
    ATTENTION,
    /** {@code u = Σ_t w_t h_t}, {@code w = softmax} of the scores over the valid positions. */
    SOFTMAX,
    /** {@code u = Σ_t m_t h_t}, no selector: the paper's Base model. */
    SUM;

    /** @return whether this pooling uses the feature selector (and so has φ parameters) */
    public boolean usesSelector() {
        return this != SUM;
    }
}
