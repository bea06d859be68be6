package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An Amazon review subset in the DIN format as clicks (every review is a click), through the
 * {@link LeaveLastOutProtocol}:
 * <ul>
 *     <li>{@code reviewsFile}, e.g. {@code reviews_Electronics_5.json}: JSON lines with {@code reviewerID},
 *     {@code asin} and {@code unixReviewTime};</li>
 *     <li>optional {@code metadataFile}, e.g. {@code meta_Electronics.json}: one record per line written as a Python
 *     literal (single-quoted strings, not strict JSON) with {@code asin} and {@code categories}; the category is the
 *     last entry of the first category path ({@code categories[0][-1]}). Parsed by Jackson with single quotes and
 *     any backslash escape allowed ({@link AmazonReviewLines}); records of items never reviewed are ignored.</li>
 * </ul>
 * Context: {@code user@<reviewerID>}. Either file may be gzip-compressed. Reviews whose item the metadata file does
 * not declare are counted and logged; above {@code maxUnmatchedFraction} of the reviews (1% by default) the files are
 * refused as not belonging together, naming the first unmatched item and its line.
 */
public final class AmazonReviewsDataSource extends ClickLogDataSource {
    @Config(mandatory = true, description = "Reviews file (JSON lines: reviewerID, asin, unixReviewTime); gzip is"
            + " read inflated, and a missing file is looked for with .gz added.")
    private Path reviewsFile;

    @Config(description = "Metadata file (one Python-literal record per line: asin, categories); optional: unset or"
            + " empty for none.")
    private Path metadataFile;

    @Config(description = "Largest fraction of reviews whose item the metadata file does not declare; above it the"
            + " files are refused as not belonging together (below it the count is logged).")
    private double maxUnmatchedFraction = UnmatchedIds.DEFAULT_MAX_FRACTION;

    /** For OLCUT. */
    private AmazonReviewsDataSource() {}

    /**
     * Creates a source that accepts up to 1% of reviews whose item the metadata file does not declare.
     * @param reviewsFile the reviews file
     * @param metadataFile the metadata file, or null (or an empty path) for none
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public AmazonReviewsDataSource(Path reviewsFile, Path metadataFile, int maxHistory, long seed, Split split) {
        this(reviewsFile, metadataFile, UnmatchedIds.DEFAULT_MAX_FRACTION, maxHistory, seed, split);
    }

    /**
     * Creates a source.
     * @param reviewsFile the reviews file
     * @param metadataFile the metadata file, or null (or an empty path) for none
     * @param maxUnmatchedFraction largest accepted fraction of reviews whose item the metadata does not declare
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public AmazonReviewsDataSource(Path reviewsFile, Path metadataFile, double maxUnmatchedFraction, int maxHistory,
                                   long seed, Split split) {
        this.reviewsFile = reviewsFile;
        this.metadataFile = metadataFile;
        this.maxUnmatchedFraction = maxUnmatchedFraction;
        configure(maxHistory, seed, split);
    }

    @Override
    protected void validateFiles() {
        reviewsFile = DataStreams.orGzip(reviewsFile);
        metadataFile = DataStreams.orGzip(metadataFile);
        requireFile("reviewsFile", reviewsFile);
        if (DataFiles.isSet(metadataFile)) {
            requireFile("metadataFile", metadataFile, "leave metadataFile empty to read no metadata");
        }
        UnmatchedIds.checkLimit("maxUnmatchedFraction", maxUnmatchedFraction);
    }

    @Override
    protected ClickLog readLog() {
        recordLayout("amazon-reviews");
        ClickLog.Builder builder = new ClickLog.Builder();
        recordFile(reviewsFile);
        UnmatchedIds unknownItems = null;
        if (DataFiles.isSet(metadataFile)) {
            recordFile(metadataFile);
            UnmatchedIds declared = new UnmatchedIds(metadataFile, "item");
            forEachLine(metadataFile, StandardCharsets.UTF_8, (line, n) -> {
                ItemCategory record = AmazonReviewLines.metadataRecord(metadataFile, n, line);
                if (record != null) {
                    declared.declare(record.item());
                    if (record.category() != null) {
                        builder.setCategory(record.item(), record.category());
                    }
                }
            });
            unknownItems = declared;
        }
        UnmatchedIds checked = unknownItems;
        forEachLine(reviewsFile, StandardCharsets.UTF_8, (line, n) -> {
            ClickEvent click = AmazonReviewLines.review(reviewsFile, n, line);
            if (click != null) {
                if (checked != null) {
                    checked.check(click.item(), reviewsFile, n);
                }
                builder.addClick(click.user(), click.item(), click.timestamp());
            }
        });
        if (checked != null) {
            checked.report(maxUnmatchedFraction, "maxUnmatchedFraction");
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "AmazonReviewsDataSource(reviewsFile=" + reviewsFile + ",metadataFile=" + metadataFile
                + ",maxUnmatchedFraction=" + maxUnmatchedFraction + ",maxHistory=" + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
