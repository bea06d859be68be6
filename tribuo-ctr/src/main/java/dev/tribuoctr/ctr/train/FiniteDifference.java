package dev.tribuoctr.ctr.train;

/** How the wrapping operator takes its Hessian-vector products from first-order gradients. */
public enum FiniteDifference {
    /** {@code (∇L(θ + εv) − ∇L(θ − εv)) / 2ε}: exact up to O(ε²), two extra passes per inner step (the default). */
    CENTRAL,
    /**
     * {@code (∇L(θ + εv) − ∇L(θ)) / ε}, reusing the gradient at θ that the step already computed: exact only up to
     * O(ε), one extra pass per inner step. A speed option.
     */
    FORWARD
}
