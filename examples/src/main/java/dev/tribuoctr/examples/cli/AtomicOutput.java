package dev.tribuoctr.examples.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes an output file so that nobody ever sees it half-written: the bytes go to a temporary file in the target's
 * folder (same file system, so the final rename is atomic), are forced to disk, and only then is the file moved to its
 * name. A failure or a kill before the move leaves the target as it was (absent, or the earlier file) and at most a
 * hidden {@code .NAME.*.part} file, which is deleted when the failure is a Java exception.
 */
public final class AtomicOutput {
    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to (buffered; do not close it)
         * @throws IOException if the content cannot be written
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A file written and moved into place.
     * @param path where it is
     * @param bytes its size
     * @param sha256 the SHA-256 of its content, lower-case hex
     */
    public record Written(Path path, long bytes, String sha256) { }

    private AtomicOutput() { }

    /**
     * Checks, before any long work, that a file can be written at {@code target}: it must not exist unless
     * {@code overwrite}, and its folder must be creatable and writable.
     * @param target the file to write later
     * @param overwrite whether an existing file may be replaced
     * @param option the command-line option that named it, for messages (e.g. {@code --out})
     * @throws CliUsageException if the file exists and {@code overwrite} is false, or names a folder
     * @throws IOException if its folder cannot be created or written
     */
    public static void checkWritable(Path target, boolean overwrite, String option) throws IOException {
        if (Files.isDirectory(target)) {
            throw new CliUsageException(option + " " + target + " is a folder; give a file name", null);
        }
        if (Files.exists(target) && !overwrite) {
            throw new CliUsageException(option + " " + target + " already exists; choose another name or add"
                    + " --overwrite to replace it", null);
        }
        checkFolderWritable(target.toAbsolutePath().getParent(), option);
    }

    /** Name prefix of the file {@link #checkFolderWritable} creates and deletes at once. */
    public static final String WRITE_CHECK_PREFIX = ".write-check.";

    /**
     * Creates a folder if needed and proves it writable by creating and deleting a temporary file in it.
     * @param folder the folder
     * @param option the command-line option that named it, for messages
     * @throws IOException if it cannot be created or written, with a message naming it
     */
    public static void checkFolderWritable(Path folder, String option) throws IOException {
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, WRITE_CHECK_PREFIX, ".part"));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(option + ": cannot create folder " + folder + ": " + e.getFile() + " is a file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(option + ": cannot write into " + folder + " (permission denied on " + e.getFile()
                    + ")", e);
        } catch (IOException e) {
            throw new IOException(option + ": cannot write into " + folder + " (" + e + ")", e);
        }
    }

    /**
     * Writes {@code target} atomically.
     * @param target the file
     * @param overwrite whether an existing file may be replaced; if false and the file exists, nothing is written
     * @param content the content
     * @return the file, its size and digest
     * @throws FileAlreadyExistsException if the file exists and {@code overwrite} is false
     * @throws IOException if the content or the file cannot be written
     */
    public static Written write(Path target, boolean overwrite, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (!overwrite && Files.exists(absolute)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "exists; add --overwrite to replace it");
        }
        Path tmp;
        try {
            Files.createDirectories(folder);
            tmp = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw writeFailed(absolute, e);
        }
        try {
            return writeThrough(tmp, absolute, overwrite, content);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes the content to the temporary file and moves it into place. An error of the content's own code (e.g. a
     * bad input row) passes unchanged; one of the file system under the output names the output and the reason.
     */
    private static Written writeThrough(Path tmp, Path target, boolean overwrite, Content content) throws IOException {
        MessageDigest digest = sha256();
        long bytes;
        FileChannel channel;
        try {
            permissions(tmp, target);
            channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw writeFailed(target, e);
        }
        try (channel) {
            OutputStream raw = naming(Channels.newOutputStream(channel), target);
            DigestOutputStream out = new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), digest);
            content.writeTo(out);
            out.flush();
            try {
                channel.force(true); // on disk before the name points at it: a crash cannot leave a named, empty file
                bytes = channel.size();
            } catch (IOException e) {
                throw writeFailed(target, e);
            }
        }
        try {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw writeFailed(target, e);
        }
        return new Written(target, bytes, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * @param out the stream under the output's buffer
     * @param target the output file
     * @return the stream, whose write and flush errors (a full disk, an I/O error) name the output file
     */
    static OutputStream naming(OutputStream out, Path target) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw writeFailed(target, e);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw writeFailed(target, e);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw writeFailed(target, e);
                }
            }
        };
    }

    /**
     * @param target the output file
     * @param e what the file system reported
     * @return an exception naming the file and the reason, in words for a full disk
     */
    static IOException writeFailed(Path target, IOException e) {
        if (e instanceof WriteFailedException) {
            return e;
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof AccessDeniedException) {
            reason = "permission denied (" + reason + ")";
        }
        boolean full = reason.contains("No space left") || reason.contains("Disk quota exceeded");
        return new WriteFailedException("Cannot write " + target + ": " + (full ? "no space left on the device ("
                + reason + "); free some space or write to another disk" : reason) + ". Nothing was written there; an"
                + " earlier file of that name is unchanged.", e);
    }

    /** A write that failed in the file system under an output, naming the output. */
    public static final class WriteFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailedException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Temporary files are created readable by their owner only; an output gets the permissions of the file it
     * replaces, or those of an ordinary new file ({@code rw-r--r--}).
     */
    private static void permissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * @param file a file
     * @return the SHA-256 of its content, lower-case hex
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
