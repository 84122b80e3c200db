package dev.leanagent.bridge.pool;

import java.time.Duration;

/**
 * Settings of one pool (one import set).
 *
 * @param workers              how many Lean processes; 0 chooses from the cores and the free memory
 *                             (see {@link PoolSizing})
 * @param maxQueue             requests allowed to wait for a worker; beyond it they are refused as
 *                             {@code overloaded} (back-pressure instead of unbounded memory)
 * @param recycleAfterRequests replace a process after this many requests (0: never)
 * @param recycleAboveMb       replace a process whose resident memory passed this (0: never)
 * @param maxAttempts          runs of one request on fresh processes before a crash is its answer
 * @param memoryReserveMb      memory left to everything else (the JVM, a model) when sizing
 * @param workerGrowth         how much a worker is expected to grow over its start-up size
 * @param tacticTimeout        default wall-clock limit of a tactic
 * @param heartbeats           default deterministic limit of a tactic ({@code try_for})
 * @param requestTimeout       a last safety net for callers: the pool answers every request itself
 * @param minBackoff           first wait before restarting a failed worker, doubling up to
 * @param maxBackoff           this
 */
public record PoolSettings(int workers, int maxQueue, long recycleAfterRequests, long recycleAboveMb, int maxAttempts,
                           long memoryReserveMb, double workerGrowth, Duration tacticTimeout, long heartbeats,
                           Duration requestTimeout, Duration minBackoff, Duration maxBackoff) {

    public PoolSettings {
        if (workers < 0) throw new IllegalArgumentException("workers must be 0 (automatic) or more, not " + workers);
        if (maxQueue < 1) throw new IllegalArgumentException("max-queue must be at least 1, not " + maxQueue);
        if (maxAttempts < 1) throw new IllegalArgumentException("max-attempts must be at least 1, not " + maxAttempts);
        if (workerGrowth < 1) throw new IllegalArgumentException("worker-growth must be at least 1, not " + workerGrowth);
    }

    public static PoolSettings defaults() {
        return new PoolSettings(0, 100_000, 2000, 3072, 2, 2048, 2.0, Duration.ofSeconds(5), 100_000,
                Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public PoolSettings withWorkers(int n) {
        return new PoolSettings(n, maxQueue, recycleAfterRequests, recycleAboveMb, maxAttempts, memoryReserveMb,
                workerGrowth, tacticTimeout, heartbeats, requestTimeout, minBackoff, maxBackoff);
    }

    public PoolSettings withMaxQueue(int n) {
        return new PoolSettings(workers, n, recycleAfterRequests, recycleAboveMb, maxAttempts, memoryReserveMb,
                workerGrowth, tacticTimeout, heartbeats, requestTimeout, minBackoff, maxBackoff);
    }

    public PoolSettings withRecycling(long afterRequests, long aboveMb) {
        return new PoolSettings(workers, maxQueue, afterRequests, aboveMb, maxAttempts, memoryReserveMb,
                workerGrowth, tacticTimeout, heartbeats, requestTimeout, minBackoff, maxBackoff);
    }

    public PoolSettings withTacticLimits(Duration timeout, long heartbeats) {
        return new PoolSettings(workers, maxQueue, recycleAfterRequests, recycleAboveMb, maxAttempts, memoryReserveMb,
                workerGrowth, timeout, heartbeats, requestTimeout, minBackoff, maxBackoff);
    }

    public PoolSettings withBackoff(Duration min, Duration max) {
        return new PoolSettings(workers, maxQueue, recycleAfterRequests, recycleAboveMb, maxAttempts, memoryReserveMb,
                workerGrowth, tacticTimeout, heartbeats, requestTimeout, min, max);
    }
}
