/**
 * LPFS / LPFS++ feature selection (design §6, docs/design/lpfs.md): smoothed-ℓ⁰ field gates ({@link dev.tribuoctr.featuresel.SmoothedL0Gate})
 * trained with proximal SGD ({@link dev.tribuoctr.featuresel.ProximalL1}) so that unneeded fields get gates that are
 * exactly zero. The gated field model, the Tribuo {@code FeatureSelector} and damage-free pruning are still to come
 * (issue 4); this package holds the gate mathematics, checked against {@code golden/lpfs-gates.json}.
 */
package dev.tribuoctr.featuresel;
