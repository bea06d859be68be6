package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Checks that the clicks of a log match a file that declares their ids (MovieLens {@code movies.dat} or
 * {@code u.item} for items, {@code users.dat} or {@code u.user} for users, Amazon metadata for items): files of two
 * different releases or data sets would otherwise train without a word on ids that carry no category or context.
 * The declaring file is read first ({@link #declare}); each click is then checked ({@link #check}); {@link #report}
 * logs the count of unmatched clicks and refuses when their fraction exceeds the configured limit, naming the click
 * file, the first unmatched id and its line.
 */
final class UnmatchedIds {
    private static final Logger logger = Logger.getLogger(UnmatchedIds.class.getName());

    /** Default of the sources' {@code maxUnmatchedFraction}: a few ids of a real release may be missing, not more. */
    static final double DEFAULT_MAX_FRACTION = 0.01;

    private final Path declaringFile;
    private final String what;
    private final Set<String> known = new HashSet<>();
    private long checked;
    private long unmatched;
    private String firstId;
    private Path firstFile;
    private long firstLine;

    /**
     * @param declaringFile the file that declares the ids
     * @param what what an id names, e.g. {@code movie} or {@code user}
     */
    UnmatchedIds(Path declaringFile, String what) {
        this.declaringFile = declaringFile;
        this.what = what;
    }

    /**
     * Checks a configured limit.
     * @param field the configuration field
     * @param fraction its value
     * @throws PropertyException unless it is in [0, 1]
     */
    static void checkLimit(String field, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new PropertyException("", field, field + " must be in [0, 1], found " + fraction);
        }
    }

    /** @param id an id the declaring file declares */
    void declare(String id) {
        known.add(id);
    }

    /**
     * Checks one click's id.
     * @param id the id
     * @param file the click file
     * @param line the click's line
     */
    void check(String id, Path file, long line) {
        checked++;
        if (!known.contains(id)) {
            if (unmatched++ == 0) {
                firstId = id;
                firstFile = file;
                firstLine = line;
            }
        }
    }

    /**
     * Logs the count of unmatched clicks, if any, and refuses above the limit.
     * @param maxFraction the largest accepted fraction of unmatched clicks
     * @param field the limit's configuration field, for the message
     * @throws ClickLogFormatException naming the click file, the first unmatched id and its line, above the limit
     */
    void report(double maxFraction, String field) {
        if (unmatched == 0) {
            return;
        }
        double fraction = (double) unmatched / checked;
        String counts = String.format(Locale.ROOT, "%,d of %,d clicks (%.2f%%) name %s that %s does not declare"
                + " (the first: '%s' at %s:%d)", unmatched, checked, 100 * fraction, (what.matches("[aeiou].*") ? "an " : "a ") + what, declaringFile.getFileName(),
                firstId, firstFile, firstLine);
        if (fraction > maxFraction) {
            throw new ClickLogFormatException(firstFile, firstLine, what + " id", counts + "; above " + field + " = "
                    + maxFraction + " the files are taken not to belong together: give files of one release (" + firstFile
                    .getFileName() + " and " + declaringFile + "), or raise " + field);
        }
        logger.warning(() -> counts + "; they are kept, without data from " + declaringFile.getFileName() + " (at most " + field + " = " + maxFraction
                + " is accepted)");
    }
}
