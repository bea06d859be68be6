package dev.tribuoctr.ctr.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The output folder of the Spark protocol job ({@code dev.tribuoctr.spark.SparkLeaveLastOut}, module
 * {@code tribuo-spark}) as a click log, read without Spark or Parquet from its sharded text files (every
 * {@code part-*} file of each folder, UTF-8, values escaped by {@link TabSeparatedText}):
 * <ul>
 *     <li>{@value #USER_CODES}: {@code code<TAB>user id[<TAB>field<TAB>value]...}, the user's context fields;</li>
 *     <li>{@value #ITEM_CODES}: {@code code<TAB>item id<TAB>category} ({@code \N}: none);</li>
 *     <li>{@value #TIMELINES}: {@code user code<TAB>item codes}, space-separated, in the protocol's order (time,
 *     ties in file order, repeats collapsed to the most recent), one line for every coded user.</li>
 * </ul>
 * Users and items keep the job's codes (first appearance in the job's input), on which the negative sampling
 * depends, and a timeline's clicks get their positions as timestamps, which only order them: the
 * {@link LeaveLastOutProtocol} then yields exactly the job's instances for the same {@code seed} and
 * {@code maxHistory}. When the folder's {@value #PROVENANCE} records other values of these, a warning is logged.
 * <p>
 * Provenance: each file read is hashed under {@code hash:<folder>/<file name>} ({@code hash:provenance.json} for the
 * job's provenance, which holds the hashes of the job's inputs); the layout is {@code spark-protocol:<input layout>}.
 */
public final class ProtocolFolderDataSource extends ClickLogDataSource {
    private static final Logger logger = Logger.getLogger(ProtocolFolderDataSource.class.getName());

    /** The folder of the timelines, relative to the output folder. */
    public static final String TIMELINES = "timelines";
    /** The folder of the user codes, relative to the output folder. */
    public static final String USER_CODES = "codes/users";
    /** The folder of the item codes, relative to the output folder. */
    public static final String ITEM_CODES = "codes/items";
    /** The job's provenance file, relative to the output folder (optional here). */
    public static final String PROVENANCE = "provenance.json";
    /** Endings of compressed text parts that this reader does not decode (gzip, {@code .gz}, it does). */
    private static final List<String> COMPRESSED = List.of(".bz2", ".deflate", ".snappy", ".lz4", ".zst");

    @Config(mandatory = true, description = "Output folder of the Spark protocol job (SparkProtocolCommand).")
    private Path folder;

    /** For OLCUT. */
    private ProtocolFolderDataSource() {}

    /**
     * Creates a source.
     * @param folder the Spark job's output folder
     * @param maxHistory maximum history length
     * @param seed negative-sampling seed
     * @param split the part to yield
     * @throws IllegalArgumentException if a setting or a file is invalid
     */
    public ProtocolFolderDataSource(Path folder, int maxHistory, long seed, Split split) {
        this.folder = folder;
        configure(maxHistory, seed, split);
    }

    @Override
    protected void validateFiles() {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new PropertyException(new NoSuchFileException(String.valueOf(folder), null,
                    "the Spark protocol output is not a folder"), "", "folder", "folder is not a folder: " + folder);
        }
        for (String sub : List.of(TIMELINES, USER_CODES, ITEM_CODES)) {
            parts(sub);
        }
    }

    /**
     * @param sub a folder of the output
     * @return its {@code part-*} files, by name
     * @throws PropertyException naming the folder if it has none, or compressed ones
     */
    private List<Path> parts(String sub) {
        Path dir = folder.resolve(sub);
        List<Path> parts = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().startsWith("part-") && Files.isRegularFile(f))
                        .sorted().forEach(parts::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to list " + dir, e);
            }
        }
        if (parts.isEmpty()) {
            String problem = "has no " + sub + "/part-* files (is it the output folder of the Spark protocol job, "
                    + "of a version that writes " + TIMELINES + ", " + USER_CODES + " and " + ITEM_CODES + "?)";
            throw new PropertyException(new NoSuchFileException(dir.toString(), null, problem), "", "folder",
                    "folder " + problem + ": " + folder);
        }
        for (Path part : parts) {
            String name = part.getFileName().toString().toLowerCase(Locale.ROOT);
            if (COMPRESSED.stream().anyMatch(name::endsWith)) {
                throw new PropertyException("", "folder", "compressed part " + part + " is not read; write the "
                        + "folder uncompressed or with gzip (.gz parts are read)");
            }
        }
        return parts;
    }

    @Override
    protected ClickLog readLog() {
        recordLayout("spark-protocol:" + readJobProvenance());
        String[][] users = readCodes(USER_CODES, "user");
        String[][] items = readCodes(ITEM_CODES, "item");
        ClickLog.Builder builder = new ClickLog.Builder();
        declare(users, USER_CODES, "user", builder::declareUser);
        declare(items, ITEM_CODES, "item", builder::declareItem);
        for (String[] item : items) {
            if (item[1] != null) {
                builder.setCategory(item[0], item[1]);
            }
        }
        for (String[] user : users) {
            for (int f = 1; f < user.length; f += 2) {
                builder.setUserContext(user[0], user[f], user[f + 1]);
            }
        }
        readTimelines(builder, users.length, items.length);
        return builder.build();
    }

    /**
     * Records the job's provenance and warns when its settings differ from this source's.
     * @return the layout of the job's input, or {@code unknown}
     */
    private String readJobProvenance() {
        Path file = folder.resolve(PROVENANCE);
        if (!Files.isRegularFile(file)) {
            logger.warning(() -> folder + " has no " + PROVENANCE + ": its inputs and settings are not checked");
            return "unknown";
        }
        recordFile(file);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            logger.warning(() -> "Cannot read " + file + " as JSON (" + e.getMessage() + "): settings not checked");
            return "unknown";
        }
        warnIfDifferent(root.at("/settings/seed"), seed, "seed", file);
        warnIfDifferent(root.at("/settings/maxHistory"), maxHistory, "maxHistory", file);
        JsonNode layout = root.path("layout");
        return layout.isTextual() ? layout.asText() : "unknown";
    }

    private void warnIfDifferent(JsonNode recorded, long configured, String name, Path file) {
        if (recorded.isIntegralNumber() && recorded.asLong() != configured) {
            logger.warning(() -> file + " records " + name + " " + recorded.asLong() + " but this source uses "
                    + configured + ": its instances differ from the job's");
        }
    }

    /**
     * Reads a code folder.
     * @param sub the folder
     * @param what "user" or "item", for messages
     * @return by code: the id, then the category (items) or the context fields and values (users), unescaped
     * @throws ClickLogFormatException naming the file and line of a malformed row, or of a code that is given twice
     *         or lies beyond the number of rows (the codes must be 0 to rows − 1)
     */
    private String[][] readCodes(String sub, String what) {
        boolean isItem = what.equals("item");
        List<Path> parts = parts(sub);
        // Codes come in any order across the parts: keep each row with its place, place them once all are read.
        List<String[]> rows = new ArrayList<>();
        IntList codes = new IntList();
        IntList partOf = new IntList();
        IntList lineOf = new IntList();
        for (int p = 0; p < parts.size(); p++) {
            Path part = parts.get(p);
            int partIndex = p;
            recordFile(part, sub + "/" + part.getFileName());
            DataFiles.forEachLine(part, StandardCharsets.UTF_8, (line, n) -> {
                String[] fields = TabSeparatedText.fields(line);
                if (isItem ? fields.length != 3 : fields.length < 2 || fields.length % 2 != 0) {
                    throw new ClickLogFormatException(part, n, "expected " + (isItem
                            ? "3 tab-separated fields (code, item id, category)"
                            : "tab-separated code, user id and context field/value pairs") + ", found "
                            + fields.length + " fields");
                }
                int code = code(part, n, what + " code", fields[0]);
                String[] values = new String[fields.length - 1];
                for (int f = 1; f < fields.length; f++) {
                    String field = isItem ? (f == 1 ? "item id" : "category")
                            : f == 1 ? "user id" : f % 2 == 0 ? "context field" : "context value";
                    values[f - 1] = unescape(part, n, field, fields[f], !field.equals("category"));
                }
                if (values[0].isEmpty()) {
                    throw new ClickLogFormatException(part, n, what + " id", "is empty");
                }
                rows.add(values);
                codes.add(code);
                partOf.add(partIndex);
                lineOf.add(Math.toIntExact(n));
            });
        }
        String[][] byCode = new String[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            int code = codes.get(r);
            if (code >= byCode.length || byCode[code] != null) {
                throw new ClickLogFormatException(parts.get(partOf.get(r)), lineOf.get(r), what + " code",
                        code + (code >= byCode.length ? " is beyond the " + byCode.length + " codes of " + sub
                                + " (codes run from 0; a part is missing?)" : " is given twice"));
            }
            byCode[code] = rows.get(r);
        }
        return byCode;
    }

    /** A growable int column. */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }
    }

    /** Declares the ids in code order, so the builder gives each its code; an id given two codes is refused. */
    private void declare(String[][] byCode, String sub, String what, ToIntFunction<String> declare) {
        for (int code = 0; code < byCode.length; code++) {
            int given = declare.applyAsInt(byCode[code][0]);
            if (given != code) {
                throw new IllegalArgumentException(folder.resolve(sub) + ": " + what + " id '" + byCode[code][0]
                        + "' has two codes, " + given + " and " + code);
            }
        }
    }

    private void readTimelines(ClickLog.Builder builder, int numUsers, int numItems) {
        boolean[] seen = new boolean[numUsers];
        int[] lastUser = new int[numItems];
        Arrays.fill(lastUser, -1);
        for (Path part : parts(TIMELINES)) {
            recordFile(part, TIMELINES + "/" + part.getFileName());
            DataFiles.forEachLine(part, StandardCharsets.UTF_8, (line, n) -> {
                int tab = line.indexOf(TabSeparatedText.SEPARATOR);
                if (tab < 0 || line.indexOf(TabSeparatedText.SEPARATOR, tab + 1) >= 0) {
                    throw new ClickLogFormatException(part, n, "expected 2 tab-separated fields (user code, item "
                            + "codes)");
                }
                int user = code(part, n, "user code", line.substring(0, tab));
                if (user >= numUsers) {
                    throw new ClickLogFormatException(part, n, "user code", user + " is not in " + USER_CODES
                            + " (" + numUsers + " users)");
                }
                if (seen[user]) {
                    throw new ClickLogFormatException(part, n, "user code", user + " has a second timeline");
                }
                seen[user] = true;
                int position = 0;
                int from = tab + 1;
                while (from <= line.length()) {
                    int end = line.indexOf(' ', from);
                    end = end < 0 ? line.length() : end;
                    int item = code(part, n, "item code " + (position + 1), line.substring(from, end));
                    if (item >= numItems) {
                        throw new ClickLogFormatException(part, n, "item code " + (position + 1), item
                                + " is not in " + ITEM_CODES + " (" + numItems + " items)");
                    }
                    if (lastUser[item] == user) {
                        throw new ClickLogFormatException(part, n, "item code " + (position + 1), item
                                + " is repeated (a timeline holds each item once)");
                    }
                    lastUser[item] = user;
                    // Positions order the clicks as the job did; the protocol reads timestamps only for that.
                    builder.addCodedClick(user, item, position++);
                    from = end + 1;
                }
            });
        }
        for (int user = 0; user < numUsers; user++) {
            if (!seen[user]) {
                throw new IllegalArgumentException(folder.resolve(TIMELINES) + ": user code " + user
                        + " has no timeline (a part is missing?)");
            }
        }
    }

    /** A code column: a non-negative int. */
    private static int code(Path file, long n, String what, String text) {
        if (text.isEmpty()) {
            throw new ClickLogFormatException(file, n, what, "is empty");
        }
        long code = DataFiles.parseLong(file, n, what, text);
        if (code < 0 || code > Integer.MAX_VALUE - 8) {
            throw new ClickLogFormatException(file, n, what, "not a code (0 to " + (Integer.MAX_VALUE - 8) + "): "
                    + text);
        }
        return (int) code;
    }

    private static String unescape(Path file, long n, String what, String text, boolean required) {
        String value;
        try {
            value = TabSeparatedText.unescape(text);
        } catch (IllegalArgumentException e) {
            throw new ClickLogFormatException(file, n, what, e.getMessage());
        }
        if (value == null && required) {
            throw new ClickLogFormatException(file, n, what, "is missing (\\N)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ProtocolFolderDataSource(folder=" + folder + ",maxHistory=" + maxHistory + ",seed=" + seed + ",split="
                + split + ")";
    }
}
