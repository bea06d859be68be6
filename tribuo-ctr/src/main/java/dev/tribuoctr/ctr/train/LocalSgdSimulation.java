package dev.tribuoctr.ctr.train;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.InterestArchitecture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.Dataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

/**
 * A one-machine simulation of the convergence of training beyond one machine (docs/distributed-training.md): K
 * workers, each running the trainer's own training loop ({@link TrainingLoop}, unchanged) on a disjoint shard of the
 * training users, their parameters combined every H steps. The combination is the design's: dense tensors are
 * averaged over the K workers (local SGD); an embedding row becomes the mean of the values of the workers that
 * changed it, i.e. old + the mean of the senders' deltas (the row-sharded owner's rule, weight 1/number of senders),
 * and a row no worker changed keeps its value.
 * <p>
 * One layout and encoding is built from the whole training set, so every worker has the same parameter shapes and
 * ids. Instances are sharded by the user field's vocabulary index mod K, so a user's instances stay together (users
 * below the schema's {@code minCount} share the out-of-vocabulary index and so one shard). An
 * <em>epoch-equivalent</em> is S = ⌈(the single-machine loop's steps per epoch) / K⌉ steps of every worker, about the
 * whole training set once across the workers; after each one the combined model's validation AUC and log loss are
 * recorded (the loop's own validation scoring). A combination at an epoch-equivalent that is not a multiple of H is
 * only evaluated, not applied, so the workers synchronise at the multiples of H alone (and at the end). Every worker
 * starts from the same initial parameters as the single-machine trainer; worker 0 draws the random stream the
 * trainer's first training draws, so K = 1 with H = S repeats the trainer's run exactly ({@link #singleMachine}).
 * <p>
 * Caveats: the workers take turns on this machine (the simulation is about convergence, not speed). Each worker
 * keeps its own optimiser state across rounds: exact for SGD (no state), while Adam's and Adagrad's moments are the
 * worker's own and are not averaged as the design proposes; the learning-rate decay counts a worker's steps. An
 * untouched embedding row's delta is exactly 0 under every optimiser here (the sparse update, weight decay and Adam
 * touch only a step's rows), so dropout and {@code l2} are allowed. The trainer's epochs, {@code maxSteps} and early
 * stopping are not used: the caller gives the epochs, and every epoch-equivalent is evaluated.
 */
public final class LocalSgdSimulation {
    private static final Logger logger = Logger.getLogger(LocalSgdSimulation.class.getName());

    /**
     * The combined model after one epoch-equivalent.
     * @param epoch the epoch-equivalent, from 1
     * @param validationAuc its validation AUC
     * @param validationLogLoss its validation log loss
     */
    public record EpochResult(int epoch, double validationAuc, double validationLogLoss) { }

    /**
     * One simulated run.
     * @param workers K
     * @param syncEvery H, steps of each worker between combinations
     * @param stepsPerEpoch S, steps of each worker per epoch-equivalent
     * @param shardSizes training instances of each worker
     * @param synchronisations combinations applied
     * @param epochs the combined model after each epoch-equivalent
     * @param seconds wall time of the run
     * @param parameters the final combined parameters
     */
    public record Run(int workers, int syncEvery, int stepsPerEpoch, List<Integer> shardSizes, int synchronisations,
                      List<EpochResult> epochs, double seconds, ParameterSet parameters) {
        /** @return the last epoch-equivalent's validation AUC */
        public double finalAuc() { return epochs.get(epochs.size() - 1).validationAuc(); }
    }

    private final MetaWrapperTrainer trainer;
    private final MetaWrapperTrainer.Encoded data;
    private final InterestArchitecture arch;
    private final DataType type;
    /** Per training instance, the user field's vocabulary index. */
    private final int[] users;

    /**
     * Encodes the data once for every run.
     * @param trainer the trainer whose loop, network and optimiser settings every worker uses
     * @param train the training data (all workers' shards together)
     * @param validation the validation data, not empty
     * @param userField the context field that names the user, e.g. {@code user}
     * @throws IllegalArgumentException if a dataset is empty or the user field is not a context field
     */
    public LocalSgdSimulation(MetaWrapperTrainer trainer, Dataset<Label> train, Dataset<Label> validation,
                              String userField) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        if (train.size() == 0 || validation == null || validation.size() == 0) {
            throw new IllegalArgumentException("The local-SGD simulation needs training and validation instances; got "
                    + train.size() + " training and " + (validation == null ? "no" : validation.size())
                    + " validation instances");
        }
        this.data = trainer.encode(train, validation, null);
        int field = data.layout().contextFields().indexOf(userField);
        if (field < 0) {
            throw new IllegalArgumentException("The user field '" + userField + "' is not a context field of the"
                    + " trainer's schema; its context fields are " + data.layout().contextFields());
        }
        this.users = userColumn(data.train(), field);
        this.arch = trainer.architecture(data.layout());
        this.type = trainer.dataType();
    }

    private static int[] userColumn(EncodedInstances train, int field) {
        int[] out = new int[train.size()];
        for (int from = 0; from < out.length; from += 4096) {
            CtrBatch chunk = train.range(from, Math.min(out.length, from + 4096));
            int width = chunk.contextWidth(field);
            int[] ids = chunk.contextIndices(field);
            for (int i = 0; i < chunk.size(); i++) {
                out[from + i] = width == 0 ? Vocabulary.PADDING : ids[i * width];
            }
        }
        return out;
    }

    /** @return the encoded training set (all shards) */
    EncodedInstances trainingSet() { return data.train(); }

    /** @return the model's shapes */
    InterestArchitecture architecture() { return arch; }

    /** @return the training instances */
    public int trainingInstances() { return users.length; }

    /** @return the single-machine loop's steps per epoch */
    public int stepsPerEpoch() { return TrainingLoop.stepsPerEpoch(trainer, users.length); }

    /**
     * The single-machine trainer's loop for {@code epochs} epochs (without early stopping): K = 1, H = one epoch.
     * @param epochs the epochs, at least 1
     * @return the run
     */
    public Run singleMachine(int epochs) {
        return run(1, stepsPerEpoch(), epochs);
    }

    /**
     * Simulates K workers combined every H steps.
     * @param workers K, at least 1
     * @param syncEvery H, at least 1
     * @param epochs epoch-equivalents, at least 1
     * @return the run
     * @throws IllegalArgumentException on a setting out of range, or when a shard has no instance (fewer users
     *     than workers)
     * @throws TrainingDivergedException when a worker's loss diverges
     */
    public Run run(int workers, int syncEvery, int epochs) {
        if (workers < 1 || syncEvery < 1 || epochs < 1) {
            throw new IllegalArgumentException("workers, syncEvery and epochs must be at least 1, got " + workers + ", "
                    + syncEvery + " and " + epochs);
        }
        List<EncodedInstances> shards = shards(workers);
        // The trainer's first training: its run stream initialises the parameters and is worker 0's; the
        // other workers split theirs from the next stream.
        SplittableRandom root = new SplittableRandom(trainer.seed());
        SplittableRandom first = root.split();
        SplittableRandom others = root.split();
        ParameterSet initial = arch.initialise(first.split(), trainer.embeddingStd(), type);
        List<SplittableRandom> streams = new ArrayList<>();
        streams.add(first);
        for (int w = 1; w < workers; w++) {
            streams.add(others.split());
        }
        int stepsPerEpoch = (stepsPerEpoch() + workers - 1) / workers;
        return simulate(initial, shards, streams, syncEvery, stepsPerEpoch, epochs);
    }

    /** Instances by user vocabulary index mod K, in their order; every shard must have one. */
    private List<EncodedInstances> shards(int workers) {
        int[] counts = new int[workers];
        for (int u : users) {
            counts[u % workers]++;
        }
        List<EncodedInstances> shards = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            if (counts[w] == 0) {
                throw new IllegalArgumentException("Worker " + w + " of " + workers + " gets no training instance:"
                        + " the data has too few users for " + workers + " user shards");
            }
            int[] rows = new int[counts[w]];
            int n = 0;
            for (int i = 0; i < users.length; i++) {
                if (users[i] % workers == w) {
                    rows[n++] = i;
                }
            }
            shards.add(subset(data.train(), rows));
        }
        return shards;
    }

    private static EncodedInstances subset(EncodedInstances all, int[] rows) {
        return new EncodedInstances() {
            @Override
            public int size() { return rows.length; }

            @Override
            public CtrBatch select(int[] which) {
                int[] mapped = new int[which.length];
                for (int i = 0; i < which.length; i++) {
                    mapped[i] = rows[which[i]];
                }
                return all.select(mapped);
            }
        };
    }

    /**
     * The simulation proper, with the shards and random streams given (tests give identical ones).
     * @param initial the initial parameters (copied for each worker)
     * @param shards each worker's training instances
     * @param streams each worker's random stream (batches; dropout when on)
     * @param syncEvery H
     * @param stepsPerEpoch S
     * @param epochs epoch-equivalents
     * @return the run
     */
    Run simulate(ParameterSet initial, List<EncodedInstances> shards, List<SplittableRandom> streams, int syncEvery,
                 int stepsPerEpoch, int epochs) {
        int k = shards.size();
        if (streams.size() != k) {
            throw new IllegalArgumentException(k + " shards but " + streams.size() + " random streams");
        }
        long start = System.nanoTime();
        List<ParameterSet> copies = new ArrayList<>();
        List<TrainingLoop> loops = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int w = 0; w < k; w++) {
            copies.add(initial.dup());
            loops.add(new TrainingLoop(trainer, trainer.network(arch, streams.get(w)), type));
            sizes.add(shards.get(w).size());
        }
        Rounds rounds = new Rounds(initial.dup(), copies, loops.get(k - 1), syncEvery, stepsPerEpoch,
                (long) stepsPerEpoch * epochs);
        logger.info(String.format(Locale.ROOT, "Local SGD: %d worker(s) with %s instances, combined every %d step(s),"
                + " %d step(s) per worker per epoch, %d epoch(s)", k, sizes, syncEvery, stepsPerEpoch, epochs));
        ExecutorService pool = Executors.newFixedThreadPool(k, r -> {
            Thread t = new Thread(r, "tribuo-ctr-local-sgd-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Void> done = new ExecutorCompletionService<>(pool);
            for (int w = 0; w < k; w++) {
                int worker = w;
                done.submit(() -> {
                    rounds.awaitTurn(worker);
                    loops.get(worker).runSteps(copies.get(worker), shards.get(worker), streams.get(worker),
                            rounds.totalSteps, steps -> rounds.afterStep(worker, steps));
                    return null;
                });
            }
            for (int w = 0; w < k; w++) {
                done.take().get(); // the first failure stops the others (they wait for a turn that never comes)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while simulating local SGD", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("A local-SGD worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Run(k, syncEvery, stepsPerEpoch, List.copyOf(sizes), rounds.synchronisations,
                List.copyOf(rounds.results), (System.nanoTime() - start) / 1e9, rounds.anchor);
    }

    /**
     * The workers take turns, one after the other, H steps at a time (pauses also at epoch-equivalents, to evaluate):
     * each has its own thread, since the loop drives itself, and a semaphore per worker passes the turn on. The last
     * worker of a round combines, with every other worker paused at the same step.
     */
    private final class Rounds {
        private final List<ParameterSet> copies;
        private final TrainingLoop scorer;
        private final int syncEvery;
        private final int stepsPerEpoch;
        private final long totalSteps;
        private final Semaphore[] turns;
        private final List<EpochResult> results = new ArrayList<>();
        /** The combined parameters of the last synchronisation, the "old" of the next deltas. */
        private ParameterSet anchor;
        private int synchronisations;

        Rounds(ParameterSet anchor, List<ParameterSet> copies, TrainingLoop scorer, int syncEvery, int stepsPerEpoch,
               long totalSteps) {
            this.anchor = anchor;
            this.copies = copies;
            this.scorer = scorer;
            this.syncEvery = syncEvery;
            this.stepsPerEpoch = stepsPerEpoch;
            this.totalSteps = totalSteps;
            this.turns = new Semaphore[copies.size()];
            for (int w = 0; w < turns.length; w++) {
                turns[w] = new Semaphore(w == 0 ? 1 : 0);
            }
        }

        void awaitTurn(int worker) {
            try {
                turns[worker].acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Local-SGD worker " + worker + " was interrupted", e);
            }
        }

        void afterStep(int worker, long steps) {
            boolean sync = steps % syncEvery == 0 || steps == totalSteps;
            boolean epochEnd = steps % stepsPerEpoch == 0;
            if (!sync && !epochEnd) {
                return;
            }
            if (worker == copies.size() - 1) {
                ParameterSet combined = combine(anchor, copies);
                if (sync) {
                    for (ParameterSet copy : copies) {
                        for (String name : copy.names()) {
                            copy.get(name).assign(combined.get(name));
                        }
                    }
                    anchor = combined;
                    synchronisations++;
                }
                if (epochEnd) {
                    EpochResult r = new EpochResult((int) (steps / stepsPerEpoch),
                            scorer.validationScore(combined, data.validation(), EarlyStopping.AUC),
                            scorer.validationScore(combined, data.validation(), EarlyStopping.LOG_LOSS));
                    results.add(r);
                    logger.info(String.format(Locale.ROOT, "Local SGD K=%d H=%d: epoch %d, validation auc %.5f,"
                            + " logloss %.5f", copies.size(), syncEvery, r.epoch(), r.validationAuc(),
                            r.validationLogLoss()));
                }
            }
            turns[(worker + 1) % copies.size()].release();
            if (steps < totalSteps) {
                awaitTurn(worker);
            }
        }
    }

    /**
     * The design's combination: a dense tensor becomes the mean of the workers' values (old + the mean delta); an
     * embedding table's row becomes the mean of the values of the workers whose row differs from {@code old}
     * (old + the mean of the senders' deltas), or stays when none does. Computed in double, so that equal copies
     * combine to themselves exactly.
     * @param old the parameters of the last synchronisation
     * @param workers each worker's parameters now
     * @return the combined parameters, new tensors
     */
    static ParameterSet combine(ParameterSet old, List<ParameterSet> workers) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("No worker parameters to combine");
        }
        ParameterSet out = new ParameterSet();
        for (String name : old.names()) {
            INDArray before = old.get(name);
            double[] o = values(before);
            double[][] w = new double[workers.size()][];
            for (int k = 0; k < w.length; k++) {
                w[k] = values(workers.get(k).get(name));
                if (w[k].length != o.length) {
                    throw new IllegalArgumentException("Tensor '" + name + "' of worker " + k + " has " + w[k].length
                            + " values, the anchor " + o.length);
                }
            }
            double[] c = InterestArchitecture.isEmbedding(name)
                    ? rowMeans(o, w, Math.toIntExact(before.size(before.rank() - 1))) : means(w);
            out.put(name, Nd4j.create(c, before.shape(), 'c').castTo(before.dataType()));
        }
        return out;
    }

    private static double[] values(INDArray t) {
        return t.dup('c').data().asDouble();
    }

    private static double[] means(double[][] w) {
        double[] out = new double[w[0].length];
        for (double[] v : w) {
            for (int i = 0; i < out.length; i++) {
                out[i] += v[i];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= w.length;
        }
        return out;
    }

    private static double[] rowMeans(double[] old, double[][] w, int dim) {
        double[] out = old.clone();
        for (int row = 0; row * dim < old.length; row++) {
            int from = row * dim;
            int senders = 0;
            double[] sum = new double[dim];
            for (double[] v : w) {
                if (!java.util.Arrays.equals(v, from, from + dim, old, from, from + dim)) {
                    senders++;
                    for (int j = 0; j < dim; j++) {
                        sum[j] += v[from + j];
                    }
                }
            }
            if (senders > 0) {
                for (int j = 0; j < dim; j++) {
                    out[from + j] = sum[j] / senders;
                }
            }
        }
        return out;
    }
}
