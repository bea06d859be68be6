/**
 * The fused CPU pass's building blocks, shared by every model of the plugin: direct single-precision OpenBLAS calls
 * on Java arrays ({@link dev.tribuoctr.ctr.engine.cpu.CpuBlas}), element-wise kernels the JIT vectorises
 * ({@link dev.tribuoctr.ctr.engine.cpu.FastMath}), a dense layer stack with its forward and backward passes on
 * reused buffers ({@link dev.tribuoctr.ctr.engine.cpu.DenseStack}), the logistic loss, copies between ND4J arrays and
 * Java arrays, and the data-parallel slices of a pass ({@link dev.tribuoctr.ctr.engine.cpu.ParallelSlices}). Used
 * on ND4J's CPU backend in float32; the ND4J ops of {@link dev.tribuoctr.ctr.engine} remain the portable path.
 */
package dev.tribuoctr.ctr.engine.cpu;
