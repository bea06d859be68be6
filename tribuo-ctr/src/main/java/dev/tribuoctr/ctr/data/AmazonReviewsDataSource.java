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
 * Context: {@code user@<reviewerID>}.
 */
public final class AmazonReviewsDataSource extends ClickLogDataSource {
    @Config(mandatory = true, description = "Reviews file (JSON lines: reviewerID, asin, unixReviewTime).")
    private Path reviewsFile;

    @Config(description = "Metadata file (one Python-literal record per line: asin, categories); optional.")
    private Path metadataFile;

    /** For OLCUT. */
    private AmazonReviewsDataSource() {}

    /**
     * Creates a source.
     * @param reviewsFile the reviews file
     * @param metadataFile the metadata file, or null for none
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public AmazonReviewsDataSource(Path reviewsFile, Path metadataFile, int maxHistory, long seed, Split split) {
        this.reviewsFile = reviewsFile;
        this.metadataFile = metadataFile;
        configure(maxHistory, seed, split);
    }

    @Override
    protected void validateFiles() {
        requireFile("reviewsFile", reviewsFile);
        if (metadataFile != null) {
            requireFile("metadataFile", metadataFile);
        }
    }

    @Override
    protected ClickLog readLog() {
        recordLayout("amazon-reviews");
        ClickLog.Builder builder = new ClickLog.Builder();
        recordFile(reviewsFile);
        forEachLine(reviewsFile, StandardCharsets.UTF_8, (line, n) -> {
            ClickEvent click = AmazonReviewLines.review(reviewsFile, n, line);
            if (click != null) {
                builder.addClick(click.user(), click.item(), click.timestamp());
            }
        });
        if (metadataFile != null) {
            recordFile(metadataFile);
            forEachLine(metadataFile, StandardCharsets.UTF_8, (line, n) -> {
                ItemCategory category = AmazonReviewLines.metadata(metadataFile, n, line);
                if (category != null) {
                    builder.setCategory(category.item(), category.category());
                }
            });
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "AmazonReviewsDataSource(reviewsFile=" + reviewsFile + ",metadataFile=" + metadataFile
                + ",maxHistory=" + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
