package dev.tribuoctr.ctr.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Click-through-rate metrics of design §8 (docs/design/metrics.md), on plain arrays.
 * <p>
 * Labels are {@code 1} (clicked) or {@code 0} (not clicked). AUC follows the paper's Eq. 19 with ties averaged: it
 * is the Mann-Whitney statistic, the fraction of (positive, negative) pairs where the positive scores higher, a tied
 * pair counting one half. Reference for {@code Impr}:
 * <pre>
 * Cao, Xu, Yang, Huang, "Meta-Wrapper: Differentiable Wrapping Operator for User Interest Selection in CTR
 * Prediction", IEEE TPAMI.
 * </pre>
 */
public final class CtrMetrics {

    /**
     * Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} before taking logarithms.
     */
    public static final double EPSILON = 1e-15;

    /**
     * How far outside {@code [0, 1]} a probability may lie (rounding) before it is rejected.
     */
    private static final double PROBABILITY_TOLERANCE = 1e-9;

    private CtrMetrics() {}

    /**
     * Computes the area under the ROC curve, ties averaged, in O(n log n).
     * @param scores the scores, higher meaning more likely clicked; finite or infinite, never NaN
     * @param labels the labels, each 0 or 1
     * @return the AUC in [0, 1]
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, a label is not 0 or 1, a
     *     score is NaN, or only one class is present
     */
    public static double auc(double[] scores, int[] labels) {
        checkInputs(scores, labels, "scores");
        int numPositive = 0;
        for (int label : labels) {
            numPositive += label;
        }
        int numNegative = labels.length - numPositive;
        if (numPositive == 0) {
            throw new IllegalArgumentException("AUC is undefined: all " + labels.length + " labels are 0 (no positives)");
        }
        if (numNegative == 0) {
            throw new IllegalArgumentException("AUC is undefined: all " + labels.length + " labels are 1 (no negatives)");
        }
        double[] positives = new double[numPositive];
        double[] negatives = new double[numNegative];
        int p = 0;
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                positives[p++] = scores[i];
            } else {
                negatives[n++] = scores[i];
            }
        }
        Arrays.sort(positives);
        Arrays.sort(negatives);
        // Twice the Mann-Whitney U: 2 per negative strictly below a positive, 1 per tied negative.
        long twiceU = 0;
        int below = 0;
        int i = 0;
        while (i < numPositive) {
            double value = positives[i];
            int groupEnd = i;
            while (groupEnd < numPositive && positives[groupEnd] == value) {
                groupEnd++;
            }
            while (below < numNegative && negatives[below] < value) {
                below++;
            }
            int tiedEnd = below;
            while (tiedEnd < numNegative && negatives[tiedEnd] == value) {
                tiedEnd++;
            }
            long groupSize = groupEnd - i;
            twiceU += groupSize * (2L * below + (tiedEnd - below));
            i = groupEnd;
        }
        return twiceU / (2.0 * numPositive * (double) numNegative);
    }

    /**
     * Computes the mean binary log loss (cross-entropy, natural logarithm).
     * @param probabilities the predicted click probabilities; clipped to {@code [1e-15, 1 - 1e-15]}
     * @param labels the labels, each 0 or 1
     * @return the mean of {@code -(y log p + (1 - y) log(1 - p))}
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, a label is not 0 or 1, or a
     *     probability is NaN or outside {@code [0, 1]}
     */
    public static double logLoss(double[] probabilities, int[] labels) {
        checkInputs(probabilities, labels, "probabilities");
        double sum = 0.0;
        for (int i = 0; i < labels.length; i++) {
            double prob = probabilities[i];
            if (prob < -PROBABILITY_TOLERANCE || prob > 1.0 + PROBABILITY_TOLERANCE) {
                throw new IllegalArgumentException("probabilities[" + i + "] = " + prob + " is not in [0, 1]");
            }
            double clipped = Math.min(1.0 - EPSILON, Math.max(EPSILON, prob));
            sum -= labels[i] == 1 ? Math.log(clipped) : Math.log1p(-clipped);
        }
        return sum / labels.length;
    }

    /**
     * Computes the group AUC: the AUC of each group (user), weighted by the group's number of instances
     * (impressions). Groups whose instances all have the same label are skipped.
     * @param scores the scores, higher meaning more likely clicked
     * @param labels the labels, each 0 or 1
     * @param groups the group (user) of each instance, compared with {@code equals}; never null
     * @return the weighted mean of the per-group AUCs, or {@code NaN} if every group has a single class
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, a label is not 0 or 1, a
     *     score is NaN or a group is null
     */
    public static double gauc(double[] scores, int[] labels, Object[] groups) {
        checkInputs(scores, labels, "scores");
        if (groups == null) {
            throw new IllegalArgumentException("groups is null");
        }
        if (groups.length != labels.length) {
            throw new IllegalArgumentException("groups has " + groups.length + " entries but labels has "
                    + labels.length);
        }
        Map<Object, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] == null) {
                throw new IllegalArgumentException("groups[" + i + "] is null");
            }
            members.computeIfAbsent(groups[i], k -> new ArrayList<>()).add(i);
        }
        double weightedSum = 0.0;
        long totalWeight = 0;
        for (List<Integer> indices : members.values()) {
            int size = indices.size();
            double[] groupScores = new double[size];
            int[] groupLabels = new int[size];
            int positives = 0;
            for (int k = 0; k < size; k++) {
                int index = indices.get(k);
                groupScores[k] = scores[index];
                groupLabels[k] = labels[index];
                positives += labels[index];
            }
            if (positives == 0 || positives == size) {
                continue;
            }
            weightedSum += size * auc(groupScores, groupLabels);
            totalWeight += size;
        }
        return totalWeight == 0 ? Double.NaN : weightedSum / totalWeight;
    }

    /**
     * Computes the paper's relative improvement {@code Impr = ((aucModel - 0.5) / (aucBase - 0.5) - 1) * 100}, in
     * percent.
     * @param aucModel the AUC of the model being compared
     * @param aucBase the AUC of the base model
     * @return the relative improvement in percent
     * @throws IllegalArgumentException if either AUC is NaN or {@code aucBase} is 0.5
     */
    public static double impr(double aucModel, double aucBase) {
        if (Double.isNaN(aucModel) || Double.isNaN(aucBase)) {
            throw new IllegalArgumentException("Impr needs two AUCs, found aucModel=" + aucModel + ", aucBase="
                    + aucBase);
        }
        if (aucBase == 0.5) {
            throw new IllegalArgumentException("Impr is undefined when the base AUC is 0.5 (division by zero)");
        }
        return ((aucModel - 0.5) / (aucBase - 0.5) - 1.0) * 100.0;
    }

    private static void checkInputs(double[] values, int[] labels, String valuesName) {
        if (values == null || labels == null) {
            throw new IllegalArgumentException(valuesName + " and labels must not be null");
        }
        if (values.length != labels.length) {
            throw new IllegalArgumentException(valuesName + " has " + values.length + " entries but labels has "
                    + labels.length);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("empty input: no " + valuesName + " and labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + ", expected 0 or 1");
            }
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(valuesName + "[" + i + "] is NaN");
            }
        }
    }
}
