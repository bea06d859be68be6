package dev.tribuoctr.ctr.model;

/** Which implementation computes the interest network's passes. */
public enum ComputeEngine {
    /**
     * The fused CPU pass for float32 on ND4J's CPU backend (Java arrays, direct BLAS, data-parallel threads), the
     * ND4J pass otherwise (another backend, float64, or dropout).
     */
    AUTO,
    /** Always the ND4J pass: backend-portable, one op at a time. */
    ND4J
}
