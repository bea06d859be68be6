package dev.tribuoctr.examples.benchmarks;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Samples memory while a measured block runs: JVM heap used ({@code MemoryMXBean}), off-heap bytes that JavaCPP
 * (ND4J's native memory) holds, and the process resident set ({@code VmRSS} of {@code /proc/self/status}). Heap
 * pool peaks are reset at {@link #start()} and also read at {@link #stop()} (they catch spikes between samples;
 * their sum over pools is an upper bound). {@code VmHWM} is the process's lifetime peak resident set.
 */
public final class MemoryProbe {
    private static final Logger logger = Logger.getLogger(MemoryProbe.class.getName());
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long SAMPLE_MILLIS = 20;

    /**
     * Peaks seen during one measured block, in bytes (-1 where not available).
     * @param heapUsed largest sampled heap use
     * @param heapPoolPeakSum sum over heap pools of their peak use
     * @param offHeap largest sampled JavaCPP off-heap total
     * @param rss largest sampled resident set
     * @param processHighWaterMark the process's lifetime resident-set peak at the end
     */
    public record Peaks(long heapUsed, long heapPoolPeakSum, long offHeap, long rss, long processHighWaterMark) { }

    private volatile boolean running;
    private volatile long maxHeap;
    private volatile long maxOffHeap;
    private volatile long maxRss;
    private Thread sampler;

    /** Collects garbage, resets the peaks and starts sampling. */
    public void start() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        maxHeap = 0;
        maxOffHeap = 0;
        maxRss = -1;
        running = true;
        sampler = new Thread(this::sampleLoop, "memory-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** @return the peaks since {@link #start()} */
    public Peaks stop() {
        running = false;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        return new Peaks(maxHeap, poolPeaks, maxOffHeap, maxRss, statusBytes("VmHWM:"));
    }

    private void sampleLoop() {
        while (running) {
            sample();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        maxHeap = Math.max(maxHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        maxOffHeap = Math.max(maxOffHeap, Pointer.totalBytes());
        maxRss = Math.max(maxRss, statusBytes("VmRSS:"));
    }

    /**
     * @param key a line key of /proc/self/status, e.g. {@code VmHWM:}
     * @return its value in bytes, or -1 where the file or the line is missing (not Linux)
     */
    public static long statusBytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            logger.fine("Cannot read " + STATUS + ": " + e);
        }
        return -1;
    }
}
