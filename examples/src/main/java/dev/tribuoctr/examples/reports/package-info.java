/**
 * Commands that turn runs into tables and figures: {@code report} (Markdown and loss plots of several runs),
 * {@code figure7} (the paper's overfitting figure on its synthetic world) and {@code fs-compare} (field selectors on
 * planted fields).
 */
package dev.tribuoctr.examples.reports;
