package dev.tribuoctr.ctr.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets the sources of one click log that differ only in their split (a configuration's train, validation and test
 * sources) share one read of the files and one {@link LeaveLastOutProtocol}: on a 100M-row log each read takes
 * minutes and gigabytes. An entry is reused while some source still holds it and its files have the same size and
 * modification time as when they were read.
 */
final class PreparedLogs {
    private static final Map<String, WeakReference<Prepared>> CACHE = new HashMap<>();

    private PreparedLogs() { }

    /**
     * A read log: the protocol and what the provenance records about the files.
     * @param protocol the prepared protocol
     * @param fileHashes file name → SHA-256
     * @param layout the detected layout
     * @param files the files read, with their stamps at reading time
     */
    record Prepared(LeaveLastOutProtocol protocol, Map<String, String> fileHashes, String layout,
                    Map<Path, List<Long>> files) {
        boolean unchanged() {
            for (Map.Entry<Path, List<Long>> e : files.entrySet()) {
                // A file that is gone (e.g. a part of a rewritten Spark output folder) is a change too.
                if (!Files.exists(e.getKey()) || !e.getValue().equals(stamp(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @param file a file
     * @return its size and modification time
     */
    static List<Long> stamp(Path file) {
        try {
            return List.of(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the attributes of " + file, e);
        }
    }

    /**
     * @param key the sources' settings except the split
     * @return the shared read, or null when there is none or its files changed
     */
    static synchronized Prepared get(String key) {
        WeakReference<Prepared> ref = CACHE.get(key);
        Prepared prepared = ref == null ? null : ref.get();
        if (prepared == null || !prepared.unchanged()) {
            CACHE.remove(key);
            return null;
        }
        return prepared;
    }

    /**
     * Offers a read for sharing.
     * @param key the sources' settings except the split
     * @param prepared the read
     */
    static synchronized void put(String key, Prepared prepared) {
        CACHE.values().removeIf(r -> r.get() == null);
        CACHE.put(key, new WeakReference<>(prepared));
    }
}
