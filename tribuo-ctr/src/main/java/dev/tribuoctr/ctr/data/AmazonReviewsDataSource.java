package dev.tribuoctr.ctr.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
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
 *     any backslash escape allowed; records of items never reviewed are ignored.</li>
 * </ul>
 * Context: {@code user@<reviewerID>}.
 */
public final class AmazonReviewsDataSource extends ClickLogDataSource {
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

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
        this.maxHistory = maxHistory;
        this.seed = seed;
        this.split = split;
        try {
            postConfig();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
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
            if (line.isBlank()) {
                return;
            }
            JsonNode node = parse(reviewsFile, n, line);
            String user = text(node, "reviewerID", reviewsFile, n);
            String item = text(node, "asin", reviewsFile, n);
            JsonNode time = node.get("unixReviewTime");
            if (time == null || !time.canConvertToLong()) {
                throw new ClickLogFormatException(reviewsFile, n, "unixReviewTime is missing or not an integer");
            }
            builder.addClick(user, item, time.asLong());
        });
        if (metadataFile != null) {
            recordFile(metadataFile);
            forEachLine(metadataFile, StandardCharsets.UTF_8, (line, n) -> {
                if (line.isBlank()) {
                    return;
                }
                JsonNode node = parse(metadataFile, n, line);
                String item = text(node, "asin", metadataFile, n);
                JsonNode paths = node.get("categories");
                if (paths != null && paths.isArray() && paths.size() > 0) {
                    JsonNode first = paths.get(0);
                    if (!first.isArray()) {
                        throw new ClickLogFormatException(metadataFile, n, "categories[0] is not a list");
                    }
                    if (first.size() > 0) {
                        builder.setCategory(item, first.get(first.size() - 1).asText());
                    }
                }
            });
        }
        return builder.build();
    }

    private static JsonNode parse(Path file, long n, String line) {
        try {
            JsonNode node = LENIENT.readTree(line);
            if (node == null || !node.isObject()) {
                throw new ClickLogFormatException(file, n, "not a record");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ClickLogFormatException(file, n, "unparseable record: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String key, Path file, long n) {
        JsonNode value = node.get(key);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new ClickLogFormatException(file, n, key + " is missing");
        }
        return value.asText();
    }

    @Override
    public String toString() {
        return "AmazonReviewsDataSource(reviewsFile=" + reviewsFile + ",metadataFile=" + metadataFile
                + ",maxHistory=" + maxHistory + ",seed=" + seed + ",split=" + split + ")";
    }
}
