/**
 * The ND4J engine shared by every model of the plugin: named parameter sets, a sigmoid MLP with a hand-written
 * backward pass, BLAS helpers, and optimisers (SGD with exponential decay, Adagrad, Adam) that update embedding
 * tables row-wise so that a step's cost does not depend on the vocabulary size, and the {@link
 * dev.tribuoctr.ctr.engine.StepProfiler} behind {@code bench --profile}. Nothing here requires the CPU backend: tensors
 * are created through {@code Nd4j}; on the CPU backend, float32 tensors take Java-loop fast paths (the optimiser's
 * row updates, the parameter-set algebra) that read and write the tensors' memory directly. The fused CPU pass's
 * building blocks are in {@link dev.tribuoctr.ctr.engine.cpu}.
 */
package dev.tribuoctr.ctr.engine;
