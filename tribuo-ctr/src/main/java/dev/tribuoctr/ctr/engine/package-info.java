/**
 * The ND4J engine shared by every model of the plugin: named parameter sets, a sigmoid MLP with a hand-written
 * backward pass, BLAS helpers, and optimisers (SGD with exponential decay, Adagrad, Adam) that update embedding
 * tables row-wise so that a step's cost does not depend on the vocabulary size. Nothing here assumes the CPU
 * backend: tensors are created through {@code Nd4j}, and the only host-side loop (the scatter-add of embedding
 * gradients) is there to make accumulation order, and so training, bit-identical from run to run.
 */
package dev.tribuoctr.ctr.engine;
