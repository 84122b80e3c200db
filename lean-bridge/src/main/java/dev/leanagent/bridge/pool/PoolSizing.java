package dev.leanagent.bridge.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How many Lean processes a pool runs when the user did not say: one per core, unless the memory
 * actually free cannot hold that many at the size a worker with these imports was measured at
 * (a REPL with mathlib loaded takes gigabytes, a core-only one about a hundred megabytes).
 */
public final class PoolSizing {

    /** The choice and the figures behind it, for the user to read. */
    public record Decision(int workers, String reason) {
    }

    private PoolSizing() {
    }

    /**
     * @param cores          processors available to this JVM
     * @param availableBytes memory free for new work, including what the measured worker holds
     * @param workerBytes    resident size of one freshly started worker (empty: unknown)
     */
    public static Decision decide(int cores, OptionalLong availableBytes, OptionalLong workerBytes, long reserveBytes,
                                  double growth) {
        if (availableBytes.isEmpty() || workerBytes.isEmpty() || workerBytes.getAsLong() <= 0) {
            return new Decision(Math.max(1, cores), Math.max(1, cores) + " workers: one per core ("
                    + cores + " cores); memory could not be measured on this system");
        }
        long perWorker = (long) Math.ceil(workerBytes.getAsLong() * growth);
        long usable = Math.max(0, availableBytes.getAsLong() - reserveBytes);
        int byMemory = (int) Math.min(Integer.MAX_VALUE, usable / perWorker);
        int workers = Math.max(1, Math.min(cores, byMemory));
        String memory = String.format(Locale.ROOT, "%s available - %s reserved, at %s per worker (%s measured x %.1f growth) fits %d",
                gib(availableBytes.getAsLong()), gib(reserveBytes), gib(perWorker), gib(workerBytes.getAsLong()),
                growth, byMemory);
        String why = byMemory < cores
                ? (byMemory < 1 ? "memory is short even for one (" + memory + "); running 1 anyway" : "memory limits it: " + memory)
                : "one per core (" + cores + " cores); memory allows it: " + memory;
        return new Decision(workers, workers + (workers == 1 ? " worker: " : " workers: ") + why);
    }

    /** {@code MemAvailable} from /proc/meminfo. */
    public static OptionalLong availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(13).trim().split("\\s+")[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }

    static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
