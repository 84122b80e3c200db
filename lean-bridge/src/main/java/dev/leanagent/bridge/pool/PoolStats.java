package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.LeanTime;

import java.util.List;

/**
 * Counters of one pool since it started.
 *
 * @param requests       start and tactic requests received (refused ones included)
 * @param answered       requests answered by a worker, successfully or with Lean's error
 * @param failures       of those, answers that were errors (a failing tactic is the common one)
 * @param leanTimeouts   of those, tactics stopped by their own limits inside Lean
 * @param hung           requests whose process gave no reply in time and was killed
 * @param crashes        runs during which the process died
 * @param restarts       processes started to replace one that died or hung
 * @param recycles       processes replaced because of their request count or memory
 * @param replayedSteps  steps re-run to rebuild states on fresh processes
 * @param replayFailures requests answered {@code replay_failed}
 * @param rejected       requests refused as {@code overloaded} or {@code lean_unavailable}
 * @param queued         requests waiting for a worker now
 * @param latency        end to end, queueing included
 * @param service        a worker's time on a request, replays included
 * @param lean           Lean's own time on requests, as it measured it
 * @param sizing         how the number of workers was chosen
 * @param placement      where requests ran: replays, moves, and the costs the pool decides by
 */
public record PoolStats(List<String> imports, int workers, int ready, int busy, int queued, long requests, long answered,
                        long failures, long leanTimeouts, long hung, long crashes, long restarts, long recycles,
                        long replayedSteps, long replayFailures, long rejected, int liveHandles,
                        Percentiles latency, Percentiles service, LeanTime lean, String sizing,
                        List<WorkerStats> perWorker, Placement placement) {

    /** {@link #sizing} while automatic sizing waits for the first worker's measured size. */
    public static final String SIZING_PENDING = "pending: measuring the first worker";

    /** Every worker the pool means to run has started: the size is chosen and none is starting or failed. */
    public boolean allStarted() {
        return !sizing.equals(SIZING_PENDING) && ready + busy == workers;
    }

    /** A worker's Lean process could not be started (the pool retries with back-off). */
    public boolean anyFailed() {
        return perWorker.stream().anyMatch(w -> w.status().equals("failed"));
    }

    /**
     * How the pool placed work (see {@code package-info.java} for the rule).
     *
     * @param replays              requests that first rebuilt their state by replay: moved ones, and
     *                             those on a state a restarted or recycled process had lost
     * @param moved                requests an idle worker took from a busy worker's queue, because
     *                             replaying was expected to cost less than waiting
     * @param replayMillis         the workers' time spent replaying, in all
     * @param serviceMillis        the workers' time on requests, replays included, in all (busy time)
     * @param requestEstimateMillis  the running estimate of a request's time (NaN before one was measured)
     * @param replayStepEstimateMillis the running estimate of a replayed step's time (as a request's before one was measured)
     */
    public record Placement(long replays, long moved, double replayMillis, double serviceMillis,
                            double requestEstimateMillis, double replayStepEstimateMillis) {
    }

    /** One worker now: status is starting, idle, busy or failed. */
    public record WorkerStats(int index, String status, long pid, long residentBytes, long requests,
                              long processRequests) {
    }
}
