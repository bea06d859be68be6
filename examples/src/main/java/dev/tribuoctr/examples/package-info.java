/**
 * The command line of the CTR plugin ({@link dev.tribuoctr.examples.CtrCli}): the Base / DIN / Meta-Wrapper
 * comparison on the synthetic interest data ({@code compare}) and the training throughput and memory benchmark
 * ({@code bench}).
 */
package dev.tribuoctr.examples;
