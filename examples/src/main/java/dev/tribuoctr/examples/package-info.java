/**
 * The command line of the CTR plugin: {@link dev.tribuoctr.examples.CtrCli} dispatches to the commands, which live in
 * one package per kind: {@code commands} (the main job {@code compare}, and {@code train}, {@code select},
 * {@code export}, {@code predict}: what a user runs to get and serve a model), {@code benchmarks} (speed, memory and
 * the data generators they need), {@code reports} (tables and figures from runs), and {@code cli}, what they share
 * (argument parsing, the error policy, atomic outputs and run folders, model files, progress).
 */
package dev.tribuoctr.examples;
