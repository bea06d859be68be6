/**
 * Benchmark commands and what they need: {@code bench} (training speed and memory), {@code onnx-bench} (prediction
 * latency), {@code load-bench} (data loading) and the generators of large synthetic files ({@code taobao-gen},
 * {@code criteo-gen}). Their figures are recorded in {@code docs/BENCHMARKS.md}; none of them is a test.
 */
package dev.tribuoctr.examples.benchmarks;
