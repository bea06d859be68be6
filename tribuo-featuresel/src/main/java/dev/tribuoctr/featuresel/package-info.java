/**
 * Field selection with the gated field model (design §6, docs/design/lpfs.md): LPFS / LPFS++ smoothed-ℓ⁰ field gates
 * ({@link dev.tribuoctr.featuresel.SmoothedL0Gate}) trained with proximal SGD ({@link dev.tribuoctr.featuresel.ProximalL1})
 * so that unneeded fields get gates that are exactly zero, damage-free pruning, and two Tribuo
 * {@code FeatureSelector}s over fields: {@link dev.tribuoctr.featuresel.LpfsFeatureSelector} and
 * {@link dev.tribuoctr.featuresel.PermutationImportanceSelector} (fields ranked by the held-out damage of permuting
 * them). The gate mathematics is checked against {@code golden/lpfs-gates.json}.
 */
package dev.tribuoctr.featuresel;
