package dev.leanagent.bridge;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that nothing signals (a process of the host's process table, a file):
 * it is checked every 20 ms, and the limit only bounds a failing test.
 */
public final class Await {

    private Await() {
    }

    /** True once {@code condition} holds; false if it still does not after {@code limit}. */
    public static boolean until(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Processes on the host whose command line contains {@code text}. */
    public static long processesWith(String text) {
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(text)).count();
    }
}
