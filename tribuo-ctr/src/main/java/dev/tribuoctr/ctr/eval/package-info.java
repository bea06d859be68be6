/**
 * CTR evaluation metrics (design §8, docs/design/metrics.md): AUC with ties averaged, log loss, GAUC (per-user AUC weighted by the user's
 * impressions) and the relative improvement {@code Impr} of the Meta-Wrapper paper, plus an evaluator that computes
 * them for any Tribuo {@code Model<Label>} whose positive class is the label {@code "1"}.
 * <p>
 * Choices the paper leaves open (recorded in design §8, docs/design/metrics.md): AUC with only one class present is an error (not 0.5 or NaN); GAUC is
 * {@code NaN} when every user has a single class; log loss rejects non-finite values and values outside
 * {@code [0, 1]} (beyond a rounding tolerance of 1e-9) and clips the rest to {@code [1e-15, 1 - 1e-15]}.
 */
package dev.tribuoctr.ctr.eval;
