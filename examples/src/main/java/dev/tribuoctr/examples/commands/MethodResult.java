package dev.tribuoctr.examples.commands;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One row of the comparison: a method's train and test metrics and its training speed. Written to
 * {@code metrics.json} with the keys given by the annotations.
 * @param method the method's display name
 * @param trainLogLoss log loss on the training set
 * @param testLogLoss log loss on the test set
 * @param testAuc AUC on the test set
 * @param testGauc GAUC (per-user AUC weighted by impressions) on the test set
 * @param trainSeconds wall-clock seconds of {@code trainer.train} (encoding included)
 * @param examplesPerSecond mean over the epochs of the trainer's in-bag examples per second
 */
@JsonPropertyOrder({"method", "train_logloss", "test_logloss", "test_auc", "test_gauc", "train_seconds",
        "examples_per_second"})
public record MethodResult(@JsonProperty("method") String method,
                           @JsonProperty("train_logloss") double trainLogLoss,
                           @JsonProperty("test_logloss") double testLogLoss,
                           @JsonProperty("test_auc") double testAuc,
                           @JsonProperty("test_gauc") double testGauc,
                           @JsonProperty("train_seconds") double trainSeconds,
                           @JsonProperty("examples_per_second") double examplesPerSecond) {
}
