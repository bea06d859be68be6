/**
 * Training: the {@link dev.tribuoctr.ctr.train.WrappingOperator} (the Meta-Wrapper meta-gradient of design §3 (docs/design/meta-gradient.md) with
 * finite-difference Hessian-vector products), the training protocol of design §4 (docs/design/protocols.md), and the Tribuo trainer
 * {@link dev.tribuoctr.ctr.train.MetaWrapperTrainer}. Each step works on compact copies of the embedding rows its
 * batches touch, so the wrapping operator's perturbations and the optimiser's updates are sparse in the tables.
 */
package dev.tribuoctr.ctr.train;
