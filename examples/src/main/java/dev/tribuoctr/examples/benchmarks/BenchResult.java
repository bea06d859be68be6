package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.ctr.engine.StepProfiler;

/**
 * One benchmark measurement: a method at one item vocabulary size.
 * @param items requested item count
 * @param itemVocabulary size of the trained item vocabulary (padding and OOV rows included)
 * @param examples training examples per epoch
 * @param method the method's display name
 * @param examplesPerSecond median in-bag examples per second over the timed epochs
 * @param stepMillis time of one in-bag step, batch / throughput, in milliseconds
 * @param trainSeconds wall-clock seconds of the whole training call (warm-up and encoding included)
 * @param memory the memory peaks during the training call
 * @param threads the compute threads of the passes
 * @param profile where the last epoch's steps spent their time, or null when not profiled
 * @param model the trained model's size, or null when not measured
 */
public record BenchResult(int items, int itemVocabulary, int examples, String method, double examplesPerSecond,
                   double stepMillis, double trainSeconds, MemoryProbe.Peaks memory, int threads,
                   StepProfiler.Profile profile, ModelSize model) {
    /**
     * What a trained model weighs.
     * @param serializedBytes its size in Tribuo's protobuf format, in bytes
     * @param featureMapEntries entries of its Tribuo feature map
     * @param retainedHeapBytes heap freed when the model is dropped (after full collections), -1 if not measurable
     */
    public record ModelSize(long serializedBytes, int featureMapEntries, long retainedHeapBytes) { }
}
