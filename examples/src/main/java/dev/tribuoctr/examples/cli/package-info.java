/**
 * What every command shares: OLCUT argument parsing ({@link dev.tribuoctr.examples.cli.CliArguments}), the one error
 * policy ({@link dev.tribuoctr.examples.cli.CliErrors}), outputs written atomically
 * ({@link dev.tribuoctr.examples.cli.AtomicOutput}) into run folders that are complete only with their marker
 * ({@link dev.tribuoctr.examples.cli.RunFolder}), model files ({@link dev.tribuoctr.examples.cli.ModelFiles}) and
 * training progress on a terminal ({@link dev.tribuoctr.examples.cli.TerminalProgress}).
 */
package dev.tribuoctr.examples.cli;
