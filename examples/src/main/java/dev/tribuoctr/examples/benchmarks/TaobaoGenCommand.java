package dev.tribuoctr.examples.benchmarks;

import dev.tribuoctr.examples.cli.AtomicOutput;
import dev.tribuoctr.examples.cli.CliArguments;
import dev.tribuoctr.examples.cli.CliUsageException;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.SplittableRandom;

/**
 * The {@code taobao-gen} command: writes a synthetic file in the format of Taobao's {@code UserBehavior.csv}
 * ({@code user,item,category,behaviour,timestamp}, no header) for load benchmarks. Users and items are drawn
 * uniformly; an item's category is fixed ({@code 1 + (item * 2654435761) mod categories}); a row is a {@code pv}
 * with probability {@code pv-fraction}, else {@code buy}, {@code cart} or {@code fav}; timestamps are uniform over
 * the data set's nine days (2017-11-25 to 2017-12-03 UTC). The same options give the same file.
 */
public final class TaobaoGenCommand {
    /** First timestamp of the real data set's window (2017-11-25T00:00:00Z). */
    public static final long FIRST_SECOND = 1_511_568_000L;
    /** Length of the window in seconds (nine days). */
    public static final long WINDOW_SECONDS = 9L * 24 * 3600;
    private static final String[] OTHER = {"buy", "cart", "fav"};

    private TaobaoGenCommand() { }

    /**
     * Runs the command.
     * @param args its options
     * @param out where the summary goes
     * @return the exit status
     * @throws IOException if the file cannot be written
     */
    public static int run(String[] args, PrintStream out) throws IOException {
        TaobaoGenOptions o = new TaobaoGenOptions();
        if (!CliArguments.parse("taobao-gen", args, o, out)) {
            return 0;
        }
        if (o.out == null || o.rows < 1) {
            throw new CliUsageException("taobao-gen needs --rows N (N >= 1) and --out FILE\n\n"
                    + CliArguments.usage("taobao-gen", o), null);
        }
        if (o.users < 1 || o.items < 1 || o.categories < 1 || !(o.pvFraction >= 0 && o.pvFraction <= 1)) {
            throw new IllegalArgumentException("users, items and categories must be >= 1 and pv-fraction in [0, 1]");
        }
        AtomicOutput.checkWritable(o.out, o.overwrite, "--out");
        long start = System.nanoTime();
        long clicks = write(o);
        out.printf("Wrote %s: %,d rows (%,d pv), %,d bytes, in %.1f s%n", o.out.toAbsolutePath(), o.rows, clicks,
                Files.size(o.out), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * Writes the file.
     * @param o the options
     * @return the number of {@code pv} rows written
     * @throws IOException if the file cannot be written
     */
    public static long write(TaobaoGenOptions o) throws IOException {
        SplittableRandom rng = new SplittableRandom(o.seed);
        long[] clicks = new long[1];
        AtomicOutput.write(o.out, o.overwrite, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            StringBuilder line = new StringBuilder(64);
            for (long r = 0; r < o.rows; r++) {
                long user = 1 + rng.nextInt(o.users);
                long item = 1 + rng.nextInt(o.items);
                long category = 1 + Math.floorMod(item * 2_654_435_761L, (long) o.categories);
                boolean pv = rng.nextDouble() < o.pvFraction;
                String behaviour = pv ? "pv" : OTHER[rng.nextInt(OTHER.length)];
                long time = FIRST_SECOND + rng.nextLong(WINDOW_SECONDS);
                line.setLength(0);
                line.append(user).append(',').append(item).append(',').append(category).append(',').append(behaviour)
                        .append(',').append(time).append('\n');
                w.append(line);
                if (pv) {
                    clicks[0]++;
                }
            }
            w.flush();
        });
        return clicks[0];
    }
}
