/**
 * The interest model of design §2 (docs/design/interest-model.md; the Meta-Wrapper paper's section 5.6): embeddings, the feature selector
 * ({@link dev.tribuoctr.ctr.model.FeatureSelectorUnit}, DIN's attention unit), the pooling
 * ({@link dev.tribuoctr.ctr.model.Pooling}), the base predictor, and the trained
 * {@link dev.tribuoctr.ctr.model.CtrModel}. {@link dev.tribuoctr.ctr.model.InterestNetwork} computes the loss and
 * the gradients of θ (embeddings and predictor) and φ (selector) with hand-written backward passes, in float32 for
 * training or float64 for tests; the golden vectors of design §3.8 (docs/design/meta-gradient.md) check it. On the CPU backend in float32 the passes run
 * on the fused CPU pass ({@code FusedInterestNetwork}); each pooling is one class with its
 * forward and backward for both passes ({@code HistoryPooling}).
 */
package dev.tribuoctr.ctr.model;
