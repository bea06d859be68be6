package dev.tribuoctr.examples.cli;

import dev.tribuoctr.examples.commands.SelectCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output folder of one run ({@code train}, {@code select}, {@code compare}, {@code figure7}, {@code report},
 * {@code fs-compare}). Every file is written atomically ({@link AtomicOutput}); the run is complete only when its
 * marker {@value #MARKER} is there, written last, listing each file with its size and SHA-256. Commands that read
 * runs ({@code report}, {@code export}) refuse a folder without the marker or whose files no longer match it, so a run
 * killed half-way, or a file cut off later, is never taken for a result.
 * <p>
 * A folder that already holds anything is not written into unless the user says {@code --overwrite}: earlier
 * results are never replaced silently. With {@code --overwrite} the old marker is removed first, so the folder
 * reads as incomplete until the new run finishes.
 * <p>
 * A run claims its folder before it looks at it ({@link RunClaim}, the file {@value RunClaim#FILE}), so a second run
 * started into the same folder is refused at once; the claim is released when the run ends ({@link #close()}).
 * Paths are resolved to real paths (symbolic links followed) before anything is checked, and the checks return the
 * real path that is then read, so that what is checked is what is loaded.
 */
public final class RunFolder implements AutoCloseable {
    /** The completion marker, written last. */
    public static final String MARKER = "run-complete.json";

    private final Path dir;
    private final String command;
    private final boolean overwrite;
    private final RunClaim claim;
    private final List<AtomicOutput.Written> files = new ArrayList<>();

    private RunFolder(Path dir, String command, boolean overwrite, RunClaim claim) {
        this.dir = dir;
        this.command = command;
        this.overwrite = overwrite;
        this.claim = claim;
    }

    /**
     * Opens a run folder for writing, before the run's work starts: creates it, claims it, checks that it is empty
     * (or that {@code overwrite} was given) and proves it writable. Close it when the run ends.
     * @param dir the folder ({@code --out})
     * @param overwrite whether the user allowed replacing an earlier run's files
     * @param command the command, for messages and the marker
     * @return the folder, claimed
     * @throws CliUsageException if it holds files and {@code overwrite} is false, is a file, or another run holds it
     * @throws IOException if it cannot be created or written
     */
    public static RunFolder open(Path dir, boolean overwrite, String command) throws IOException {
        RunFolder folder = claim(dir, overwrite, command);
        try {
            folder.requireEmpty(dir);
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /** Creates and claims the folder, then removes the marker of an earlier run: it reads as incomplete. */
    private static RunFolder claim(Path dir, boolean overwrite, String command) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliUsageException(command + ": --out " + dir + " is a file, not a folder", null);
        }
        AtomicOutput.checkFolderWritable(dir, "--out");
        Path real = dir.toRealPath();
        return new RunFolder(real, command, overwrite, RunClaim.take(real, command));
    }

    /** Refuses a folder that holds files (other than the claim) unless the user allowed overwriting them. */
    private void requireEmpty(Path given) throws IOException {
        List<String> entries = entries(dir);
        if (!entries.isEmpty() && !overwrite) {
            throw new CliUsageException(command + ": --out " + given + " is not empty (it holds "
                    + String.join(", ", entries.subList(0, Math.min(5, entries.size())))
                    + (entries.size() > 5 ? ", …" : "") + "); choose a new folder, or add --overwrite to replace"
                    + " the files this run writes", null);
        }
        Files.deleteIfExists(dir.resolve(MARKER));
    }

    /**
     * Opens the folder of a resumable command ({@code tune}): a folder that already holds the same work
     * ({@code spec} equal to the one it recorded) is taken up again; one that holds other files is refused unless
     * {@code overwrite}. The marker is removed until the command completes again. Close it when the run ends.
     * @param dir the folder
     * @param specFile the name of the file that records what the folder is for
     * @param spec what this run is for
     * @param overwrite whether a folder of other work may be written into
     * @param command the command, for messages and the marker
     * @return the folder, claimed
     * @throws CliUsageException if the folder holds other work and {@code overwrite} is false, or another run
     *                           holds it
     * @throws IOException if it cannot be created or written
     */
    public static RunFolder resume(Path dir, String specFile, JsonNode spec, boolean overwrite, String command)
            throws IOException {
        RunFolder claimed = claim(dir, overwrite, command);
        try {
            Path recorded = claimed.dir.resolve(specFile);
            boolean same = Files.isRegularFile(recorded) && RunFiles.MAPPER.readTree(recorded.toFile()).equals(spec);
            RunFolder folder = same ? new RunFolder(claimed.dir, command, true, claimed.claim) : claimed;
            folder.requireEmpty(dir);
            if (!same) {
                folder.writeJson(specFile, spec);
            } else {
                folder.files.add(new AtomicOutput.Written(recorded, Files.size(recorded),
                        AtomicOutput.sha256(recorded)));
            }
            return folder;
        } catch (IOException | RuntimeException e) {
            claimed.close();
            throw e;
        }
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            // the claim, and the probe file another run creates for a moment before it asks for the claim
            return s.map(p -> p.getFileName().toString()).filter(name -> !name.equals(RunClaim.FILE)
                    && !name.startsWith(AtomicOutput.WRITE_CHECK_PREFIX)).sorted().toList();
        }
    }

    /** @return the folder */
    public Path path() { return dir; }

    /**
     * Opens a sub-run folder (e.g. one method of {@code figure7}), with the same overwrite permission; this
     * folder's claim covers it.
     * @param name its name inside this folder
     * @return the sub-run's folder
     * @throws IOException if it cannot be created
     */
    public RunFolder child(String name) throws IOException {
        Path sub = dir.resolve(name);
        if (Files.exists(sub) && !Files.isDirectory(sub)) {
            throw new CliUsageException(command + ": " + sub + " is a file, not a folder", null);
        }
        AtomicOutput.checkFolderWritable(sub, "--out");
        RunFolder folder = new RunFolder(sub.toRealPath(), command, overwrite, null);
        folder.requireEmpty(sub);
        return folder;
    }

    /**
     * Releases the folder's claim (the run has ended, complete or not).
     * @throws IOException if the claim file cannot be removed
     */
    @Override
    public void close() throws IOException {
        if (claim != null) {
            claim.close();
        }
    }

    /**
     * Writes a file of the run atomically.
     * @param name its name in the folder
     * @param content its content
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public Path write(String name, AtomicOutput.Content content) throws IOException {
        AtomicOutput.Written w = AtomicOutput.write(dir.resolve(name), true, content);
        files.removeIf(f -> f.path().equals(w.path()));
        files.add(w);
        return w.path();
    }

    /**
     * Writes a JSON file of the run atomically.
     * @param name its name
     * @param node its content
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public Path writeJson(String name, JsonNode node) throws IOException {
        return write(name, out -> RunFiles.MAPPER.writeValue(new NonClosing(out), node));
    }

    /**
     * Writes the marker: the run is complete.
     * @throws IOException if it cannot be written
     */
    public void complete() throws IOException {
        ObjectNode marker = RunFiles.MAPPER.createObjectNode();
        marker.put("command", command);
        marker.put("completed", Instant.now().toString());
        ArrayNode list = marker.putArray("files");
        for (AtomicOutput.Written f : files) {
            ObjectNode n = list.addObject();
            n.put("name", dir.toAbsolutePath().relativize(f.path()).toString());
            n.put("bytes", f.bytes());
            n.put("sha256", f.sha256());
        }
        AtomicOutput.write(dir.resolve(MARKER), true,
                out -> RunFiles.MAPPER.writeValue(new NonClosing(out), marker));
    }

    /**
     * Checks that a folder holds a complete run, before reading it.
     * @param dir the run folder
     * @param verifyContent whether to check each listed file's SHA-256 too (sizes are always checked)
     * @return the folder's real path: read the run's files from it, so that what was checked is what is read
     * @throws IncompleteRunException if the marker is missing or a listed file is missing or differs from it
     */
    public static Path requireComplete(Path dir, boolean verifyContent) throws IOException {
        Path real = dir.toRealPath();
        for (JsonNode f : marker(real).path("files")) {
            check(real, f, verifyContent);
        }
        return real;
    }

    /**
     * Checks one file of a run folder against the folder's marker, if it lies in one: a model file read by
     * {@code export} must be exactly the one its run wrote.
     * The file is resolved to its real path first (symbolic links and {@code ..} as the file system follows them), and
     * it is that file, in the folder it really lies in, that is checked.
     * @param file a file
     * @return the file's real path: load it from there, so that what was checked is what is loaded
     * @throws IncompleteRunException if its folder is an incomplete run, or the file differs from its record
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     */
    public static Path requireIntact(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "the file does not exist");
        }
        Path real = file.toRealPath();
        Path dir = real.getParent();
        if (!Files.isRegularFile(dir.resolve(MARKER)) && !Files.isRegularFile(dir.resolve(RunFiles.METRICS))
                && !Files.isRegularFile(dir.resolve(SelectCommand.SELECTED))) {
            return real; // a model file on its own, not in a run folder: its format checks it
        }
        for (JsonNode f : marker(dir).path("files")) {
            if (dir.resolve(f.path("name").asText()).normalize().equals(real)) {
                check(dir, f, true);
                return real;
            }
        }
        throw new IncompleteRunException(file + " is not one of the files its run recorded in " + dir.resolve(MARKER));
    }

    private static JsonNode marker(Path dir) throws IncompleteRunException {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            throw new IncompleteRunException(dir + " is not a complete run: it has no " + MARKER + " (the run was"
                    + " interrupted, is still running, or failed); run it again");
        }
        try {
            return RunFiles.MAPPER.readTree(marker.toFile());
        } catch (IOException e) {
            throw new IncompleteRunException(marker + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Compares a file with its entry in the marker. */
    private static void check(Path dir, JsonNode entry, boolean verifyContent) throws IOException {
        Path file = dir.resolve(entry.path("name").asText());
        long recorded = entry.path("bytes").asLong(-1);
        String problem = null;
        if (!Files.isRegularFile(file)) {
            problem = "is missing";
        } else if (Files.size(file) != recorded) {
            problem = "has " + Files.size(file) + " bytes where its run wrote " + recorded;
        } else if (verifyContent && !AtomicOutput.sha256(file).equals(entry.path("sha256").asText())) {
            problem = "differs from the file its run wrote (SHA-256)";
        }
        if (problem != null) {
            throw new IncompleteRunException(file + " " + problem + " (" + dir.resolve(MARKER) + "): it was changed"
                    + " or cut off after the run");
        }
    }

    /** A run folder that cannot be used as a result: incomplete, or changed after the run. */
    public static final class IncompleteRunException extends IOException {
        private static final long serialVersionUID = 1L;

        IncompleteRunException(String message) {
            super(message);
        }
    }

    /** Jackson closes the stream it writes to; the atomic writer owns it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
