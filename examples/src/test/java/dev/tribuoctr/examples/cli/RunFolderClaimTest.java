package dev.tribuoctr.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim a run takes on its folder ({@link RunFolder#open}, {@link RunFolder#resume}): of runs started together
 * into one folder exactly one proceeds and the others are refused at once, whether they run in this JVM or another
 * process; a claim left by a run that no longer runs is taken over with a log line; a released claim leaves no file.
 */
class RunFolderClaimTest {
    @Test
    void ofRunsStartedTogetherIntoOneFolderExactlyOneProceeds(@TempDir Path tmp) throws Exception {
        for (int round = 0; round < 5; round++) {
            Path out = tmp.resolve("out" + round);
            boolean resumable = round % 2 == 1;
            int runs = 6;
            CyclicBarrier start = new CyclicBarrier(runs);
            ExecutorService pool = Executors.newFixedThreadPool(runs);
            List<Future<RunFolder>> opened = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Callable<RunFolder> open = () -> {
                    start.await();
                    return !resumable ? RunFolder.open(out, false, "train")
                            : RunFolder.resume(out, "spec.json", RunFiles.MAPPER.createObjectNode(), false, "tune");
                };
                opened.add(pool.submit(open));
            }
            List<RunFolder> winners = new ArrayList<>();
            int refused = 0;
            for (Future<RunFolder> f : opened) {
                try {
                    winners.add(f.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof CliUsageException, String.valueOf(e.getCause()));
                    assertTrue(e.getCause().getMessage().contains("is in use"), e.getCause().getMessage());
                    refused++;
                }
            }
            pool.shutdown();
            assertEquals(1, winners.size(), "one run holds the folder");
            assertEquals(runs - 1, refused);
            winners.get(0).close();
            assertFalse(Files.exists(out.resolve(RunClaim.FILE)), "a released claim leaves no file");
        }
    }

    @Test
    void aFolderHeldByAnotherProcessIsRefusedNamingItsPid(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path ready = tmp.resolve("ready");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ClaimHolder.class.getName(), out.toString(), ready.toString()).inheritIO().start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready) && System.nanoTime() < deadline && holder.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(ready), "the other process claimed the folder");
            CliUsageException e = assertThrows(CliUsageException.class, () -> RunFolder.open(out, true, "train"));
            assertTrue(e.getMessage().contains("is in use: 'holder' (PID " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Killed without releasing: its claim file is left, and the next run takes it over with a log line.
        assertTrue(Files.exists(out.resolve(RunClaim.FILE)));
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getMessage());
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        Logger logger = Logger.getLogger(RunClaim.class.getName());
        logger.addHandler(handler);
        try (RunFolder folder = RunFolder.open(out, true, "train")) {
            assertTrue(Files.exists(folder.path().resolve(RunClaim.FILE)));
        } finally {
            logger.removeHandler(handler);
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("Took over the claim") && w.contains("PID "
                + holder.pid())), warnings.toString());
        assertFalse(Files.exists(out.resolve(RunClaim.FILE)));
    }

    @Test
    void theSameFolderUnderAnotherNameIsTheSameClaim(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(tmp.resolve("alias"), out);
        try (RunFolder held = RunFolder.open(out, false, "train")) {
            assertThrows(CliUsageException.class, () -> RunFolder.open(tmp.resolve("alias"), true, "train"));
            assertThrows(CliUsageException.class, () -> RunFolder.open(tmp.resolve("out/../out"), true, "select"));
        }
        RunFolder.open(tmp.resolve("alias"), false, "train").close();
    }

    /** Another process holding a claim: claims the folder, signals, and waits to be killed. */
    public static final class ClaimHolder {
        private ClaimHolder() { }

        /**
         * @param args the folder and the file to create once it is claimed
         * @throws Exception if the claim fails
         */
        public static void main(String[] args) throws Exception {
            RunFolder.open(Path.of(args[0]), true, "holder");
            Files.createFile(Path.of(args[1]));
            Thread.sleep(120_000);
        }
    }
}
