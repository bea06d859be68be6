/**
 * The commands that make and use models: {@code compare} (the main job: Base, DIN and Meta-Wrapper on a learnable
 * synthetic world against the best possible ranking), {@code train} and {@code select} (experiments from OLCUT
 * configurations), {@code export} (ONNX) and {@code predict} (scoring a delimited file on ONNX Runtime).
 */
package dev.tribuoctr.examples.commands;
