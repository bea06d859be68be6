package dev.tribuoctr.featuresel;

/** The two smoothed-ℓ⁰ field gates of the LPFS paper (design §6.3, docs/design/lpfs.md). */
public enum GateType {
    /** LPFS, Eq. 4: {@code g(x) = x²/(x²+ε)}, an even function whose derivative at 0 is 0. */
    LPFS,
    /**
     * LPFS++, Eq. 8 in the sign form of its reference code: {@code g(x) = sign(x)·x²/(x²+ε) + α·ε^{1/τ}·atan(x)},
     * an odd function with slope α·ε^{1/τ} at 0, so a gate at exactly zero can revive.
     */
    LPFS_PLUS_PLUS
}
