package dev.tribuoctr.ctr.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.file.Path;

/**
 * The per-line rules of the Amazon review files in the DIN format, shared by {@link AmazonReviewsDataSource} and the
 * Spark job of {@code tribuo-spark}, so both read a line alike. Lines are parsed by Jackson with single quotes and any
 * backslash escape allowed (the metadata records are Python literals, not strict JSON), a key given twice in a record
 * refused. Every method takes the line's file and 1-based number for its errors ({@link ClickLogFormatException})
 * and returns null for a blank line.
 */
public final class AmazonReviewLines {
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            // a key given twice in one record ({"asin": "A", "asin": "B"}) is an error, not the last one read
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AmazonReviewLines() { }

    /**
     * A review record ({@code reviewerID}, {@code asin}, {@code unixReviewTime}): every review is a click.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the click, or null for a blank line
     */
    public static ClickEvent review(Path file, long n, String line) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node = parse(file, n, line);
        String user = text(node, "reviewerID", file, n);
        String item = text(node, "asin", file, n);
        JsonNode time = node.get("unixReviewTime");
        // a JSON integer only: Jackson would truncate 1.5 or 1e9 to a long without a word
        if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
            throw new ClickLogFormatException(file, n, "unixReviewTime is missing or not an integer: "
                    + (time == null ? "absent" : DecimalText.quote(time.toString())));
        }
        return new ClickEvent(user, item, time.asLong());
    }

    /**
     * A metadata record ({@code asin}, {@code categories}): the category is the last entry of the first category
     * path ({@code categories[0][-1]}).
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the item and its category, or null for a blank line or a record without a category
     */
    public static ItemCategory metadata(Path file, long n, String line) {
        ItemCategory record = metadataRecord(file, n, line);
        return record == null || record.category() == null ? null : record;
    }

    /**
     * A metadata record as {@link #metadata} reads it, a record without a category included.
     * @param file the file
     * @param n the line number
     * @param line the line
     * @return the item and its category (null for none), or null for a blank line
     */
    public static ItemCategory metadataRecord(Path file, long n, String line) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node = parse(file, n, line);
        String item = text(node, "asin", file, n);
        JsonNode paths = node.get("categories");
        if (paths == null || !paths.isArray() || paths.size() == 0) {
            return new ItemCategory(item, null);
        }
        JsonNode first = paths.get(0);
        if (!first.isArray()) {
            throw new ClickLogFormatException(file, n, "categories[0] is not a list");
        }
        return new ItemCategory(item, first.size() == 0 ? null : DataLimits.checkId(file.toString(), n, "categories",
                first.get(first.size() - 1).asText()));
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
        return DataLimits.checkId(file.toString(), n, key, value.asText());
    }
}
