/**
 * Training: the {@link dev.tribuoctr.ctr.train.WrappingOperator} (the Meta-Wrapper meta-gradient of SPEC §3 with
 * finite-difference Hessian-vector products), the training protocol of SPEC §4, and the Tribuo trainer
 * {@link dev.tribuoctr.ctr.train.MetaWrapperTrainer}. Each step works on compact copies of the embedding rows its
 * batches touch, so the wrapping operator's perturbations and the optimiser's updates are sparse in the tables.
 */
package dev.tribuoctr.ctr.train;
