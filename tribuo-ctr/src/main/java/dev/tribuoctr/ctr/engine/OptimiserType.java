package dev.tribuoctr.ctr.engine;

/** The optimisers of design §4.3 (docs/design/protocols.md), applied to ∇ℒ; embedding tables are updated row-wise (lazily). */
public enum OptimiserType {
    /** Plain SGD with the paper's exponential learning-rate decay. */
    SGD,
    /** Adagrad (Duchi et al.), per-coordinate accumulated squared gradients. */
    ADAGRAD,
    /** Adam (Kingma and Ba) with bias correction; table rows not in a step keep their moments (lazy Adam). */
    ADAM
}
