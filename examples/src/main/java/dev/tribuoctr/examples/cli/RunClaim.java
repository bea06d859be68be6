package dev.tribuoctr.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * A run's claim on its output folder, so that two runs started into the same {@code --out} cannot both pass the
 * empty-folder check and write into each other: the file {@value #FILE} in the folder, locked by the operating
 * system for as long as the run holds it and recording the holder's PID, command and start time.
 * <p>
 * The lock dies with its process, so a claim left by a killed run never blocks the next one: that run takes it over
 * and logs whose it was. Within one JVM a set of held folders is checked first: POSIX releases a process's locks on a
 * file when it closes any descriptor of that file, so the holder's JVM must never open the claim file twice. The
 * claim file is deleted (by its holder, while locked) when the run ends ({@link #close()}).
 */
final class RunClaim implements AutoCloseable {
    /** The claim file, in the run folder. */
    static final String FILE = ".run-claim";

    private static final Logger logger = Logger.getLogger(RunClaim.class.getName());
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 5;

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private RunClaim(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims a folder for a run.
     * @param folder the folder, existing, as a real path
     * @param command the command, recorded in the claim
     * @return the claim, held until closed
     * @throws CliUsageException if another run holds the folder
     * @throws IOException if the claim file cannot be written or locked
     */
    static RunClaim take(Path folder, String command) throws IOException {
        Path file = folder.resolve(FILE);
        if (!HELD.add(folder)) {
            // not read: opening the file here would release the holder's lock
            throw held(folder, null, "it runs in this same process; wait for it to finish");
        }
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                RunClaim claim = tryTake(folder, file, command);
                if (claim != null) {
                    return claim;
                }
            }
            throw held(folder, read(file), "its claim changed hands " + ATTEMPTS + " times while this run tried");
        } catch (IOException | RuntimeException e) {
            HELD.remove(folder);
            throw e;
        }
    }

    /** One attempt: null if the claim file was replaced while it was being locked. */
    private static RunClaim tryTake(Path folder, Path file, String command) throws IOException {
        Object before = key(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean kept = false;
        try {
            Object opened = key(file);
            if (before != null && !before.equals(opened)) {
                return null; // replaced between the look and the open: which one is open is unknown
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw held(folder, read(file), "wait for it to finish, or stop it");
            }
            if (!Objects.equals(opened, key(file))) {
                return null; // its holder deleted it as it finished: claim the file that now has the name
            }
            String previous = contents(channel);
            ObjectNode record = RunFiles.MAPPER.createObjectNode();
            record.put("pid", ProcessHandle.current().pid());
            record.put("command", command);
            record.put("started", Instant.now().toString());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(RunFiles.MAPPER.writeValueAsBytes(record)), 0);
            channel.force(true);
            if (!previous.isBlank()) {
                logger.warning("Took over the claim on " + folder + " left by " + describe(parse(previous))
                        + ", which no longer runs (it was killed or crashed)");
            }
            kept = true;
            return new RunClaim(folder, channel, lock);
        } finally {
            if (!kept) {
                channel.close(); // this JVM holds no lock on the file (HELD): closing releases nothing of ours
            }
        }
    }

    /** The file's identity (device and inode), or null if it does not exist; read without opening it. */
    private static Object key(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String contents(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 16));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** The holder's record, read by a run that does not hold the claim (so opening the file costs nothing). */
    private static JsonNode read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? null : RunFiles.MAPPER.readTree(text);
        } catch (IOException e) {
            return null; // being written: the holder is described without details
        }
    }

    private static String describe(JsonNode holder) {
        return holder == null ? "another run" : "'" + holder.path("command").asText("?") + "' (PID "
                + holder.path("pid").asText("?") + ", started " + holder.path("started").asText("?") + ")";
    }

    private static CliUsageException held(Path folder, JsonNode holder, String advice) {
        return new CliUsageException("--out " + folder + " is in use: " + describe(holder) + " holds it ("
                + folder.resolve(FILE) + "); " + advice + ", or choose another --out. The claim of a killed run is"
                + " released with its process, and the next run takes it over.", null);
    }

    /** Deletes the claim file while still holding its lock, then releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(folder.resolve(FILE));
        } finally {
            try {
                lock.release();
                channel.close();
            } finally {
                HELD.remove(folder);
            }
        }
    }
}
