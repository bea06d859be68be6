package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.examples.cli.AtomicOutput;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;

import dev.tribuoctr.featuresel.data.CriteoDataSource;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The {@code criteo-gen} command: writes a synthetic file in the Criteo display-advertising format (one line per
 * impression: label, 13 integer counts, 26 categorical hashes, tab-separated; an empty column is missing) with a
 * known structure, for benchmarks of field selection on tens of millions of rows. Categorical values are drawn
 * log-uniformly from {@code cardinality} ids per field (a few frequent, most rare, as in real logs) and written as
 * 8-hex-digit hashes; integers are geometric-like counts. The label is drawn from a planted logistic model: each
 * value of the first {@code informative-categorical} fields has a fixed weight (a hash of seed, field and value), each
 * of the first {@code informative-integer} fields a fixed slope on {@code log(1 + x)}; the other fields are noise, so
 * LPFS should keep the informative fields and zero the rest. The file is written to a temporary name beside
 * {@code --out} and moved into place when complete; an existing file is replaced only with {@code --overwrite}. The
 * same options give the same file.
 */
public final class CriteoGenCommand {
    private CriteoGenCommand() { }

    /**
     * Runs the command.
     * @param args its options
     * @param out where the summary goes
     * @return the exit status
     * @throws IOException if the file cannot be written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        CriteoGenOptions o = new CriteoGenOptions();
        if (!CliArguments.parse("criteo-gen", args, o, out)) {
            return 0;
        }
        String usage = CliArguments.usage("criteo-gen", o);
        if (o.out == null || o.rows < 1) {
            throw new CliUsageException("criteo-gen needs --rows N (N >= 1) and --out FILE\n\n" + usage, null);
        }
        if (o.cardinality < 1 || o.informativeCategorical < 0 || o.informativeCategorical > CriteoDataSource.CATEGORICAL_COLUMNS
                || o.informativeInteger < 0 || o.informativeInteger > CriteoDataSource.INTEGER_COLUMNS
                || !(o.missing >= 0 && o.missing < 1)) {
            throw new CliUsageException("criteo-gen: --cardinality must be >= 1, --informative-categorical in [0, 26], "
                    + "--informative-integer in [0, 13] and --missing in [0, 1)\n\n" + usage, null);
        }
        AtomicOutput.checkWritable(o.out, o.overwrite, "--out");
        long start = System.nanoTime();
        long clicks = write(o);
        out.printf(Locale.ROOT, "Wrote %s: %,d rows (%,d clicks, %.3f), %,d bytes, in %.1f s%n", o.out.toAbsolutePath(),
                o.rows, clicks, clicks / (double) o.rows, Files.size(o.out), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * Writes the file (to a temporary name, then moved into place).
     * @param o the options
     * @return the number of clicks (label 1) written
     * @throws IOException if the file cannot be written
     */
    public static long write(CriteoGenOptions o) throws IOException {
        SplittableRandom rng = new SplittableRandom(o.seed);
        long[] clicks = new long[1];
        AtomicOutput.write(o.out, o.overwrite, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            StringBuilder line = new StringBuilder(256);
            int[] counts = new int[CriteoDataSource.INTEGER_COLUMNS];
            long[] values = new long[CriteoDataSource.CATEGORICAL_COLUMNS];
            for (long r = 0; r < o.rows; r++) {
                double logit = -1.5;
                for (int k = 0; k < counts.length; k++) {
                    counts[k] = rng.nextDouble() < o.missing ? -1 : (int) Math.floor(-Math.log(1 - rng.nextDouble()) * (2 + 3 * k));
                    if (k < o.informativeInteger && counts[k] >= 0) {
                        logit += plantedWeight(o.seed, 100 + k, 0) * Math.log1p(counts[k]);
                    }
                }
                for (int f = 0; f < values.length; f++) {
                    values[f] = rng.nextDouble() < o.missing ? -1 : (long) Math.pow(o.cardinality, rng.nextDouble());
                    if (f < o.informativeCategorical && values[f] >= 0) {
                        logit += 1.5 * plantedWeight(o.seed, f, values[f]);
                    }
                }
                boolean click = rng.nextDouble() < 1 / (1 + Math.exp(-logit));
                line.setLength(0);
                line.append(click ? '1' : '0');
                for (int c : counts) {
                    line.append('\t');
                    if (c >= 0) {
                        line.append(c);
                    }
                }
                for (int f = 0; f < values.length; f++) {
                    line.append('\t');
                    if (values[f] >= 0) {
                        line.append(hashOf(o.seed, f, values[f]));
                    }
                }
                line.append('\n');
                w.append(line);
                if (click) {
                    clicks[0]++;
                }
            }
            w.flush();
        });
        return clicks[0];
    }

    /**
     * @param seed the seed
     * @param field categorical field index (0 = C1)
     * @param value the value's id
     * @return the value as written: an 8-hex-digit hash
     */
    public static String hashOf(long seed, int field, long value) {
        return String.format(Locale.ROOT, "%08x", (int) mix(seed * 31 + field, value));
    }

    /** @return the planted weight of a value of a field, uniform in [−1, 1], fixed by the seed */
    public static double plantedWeight(long seed, int field, long value) {
        return (mix(seed * 1_000_003L + field, value) >>> 11) * 0x1.0p-53 * 2 - 1;
    }

    /** SplitMix64's finaliser over two inputs: a well-spread 64-bit hash. */
    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
