package dev.leanagent.bridge.pool;

/**
 * The pool's running estimates of what a request and a replayed step cost, and the rule that uses
 * them: an idle worker takes a request queued on a busy worker when rebuilding the request's state
 * (replaying the steps it lacks) is expected to take less time than the request would wait.
 *
 * <p>Both estimates are exponentially weighted moving averages of what the workers measured, so
 * they follow the workload (a mathlib pool's steps cost 10 to 100 times a core-Lean pool's) and
 * forget a slow phase within a few dozen requests. Owned by the pool actor: not thread-safe.
 */
final class PlacementCosts {

    /** Weight of the newest sample: about the last ten samples carry most of the estimate. */
    static final double WEIGHT = 0.2;

    private double requestNanos = Double.NaN;
    private double replayStepNanos = Double.NaN;

    /**
     * A worker ran a request in {@code nanos}, its replay (if any) not included. One that made a
     * state ({@code madeState}) is also a sample of a replayed step: replaying re-runs exactly such
     * requests. So the step estimate exists before any replay happened, and is not the request
     * estimate, which failing tactics (often slow: they run to their limit) pull up.
     */
    void requestServed(long nanos, boolean madeState) {
        requestNanos = blend(requestNanos, nanos);
        if (madeState) replayStepNanos = blend(replayStepNanos, nanos);
    }

    /** A worker rebuilt a state by replaying {@code steps} steps in {@code nanos}. */
    void replayed(int steps, long nanos) {
        if (steps > 0) replayStepNanos = blend(replayStepNanos, (double) nanos / steps);
    }

    private static double blend(double estimate, double sample) {
        return Double.isNaN(estimate) ? sample : estimate + WEIGHT * (sample - estimate);
    }

    /** A request's expected time on a worker; NaN before any was measured. */
    double requestNanos() {
        return requestNanos;
    }

    /**
     * A replayed step's expected time: of the requests that made states and of the replayed steps.
     * Before any of those was measured a step counts as a request; NaN before anything was measured.
     */
    double replayStepNanos() {
        return Double.isNaN(replayStepNanos) ? requestNanos : replayStepNanos;
    }

    /**
     * How long the requests queued on a busy worker wait, the last of them: the one in progress
     * counts as a whole request, so {@code queued} requests behind it finish {@code queued} request
     * times from now, before the one that moves would have begun.
     */
    double waitNanos(int queued) {
        return queued * requestNanos;
    }

    double replayNanos(int steps) {
        return steps * replayStepNanos();
    }

    /**
     * What moving one request off a busy worker with {@code queued} waiting requests to an idle
     * worker that lacks {@code steps} of its state's path gains, in nanoseconds: the wait it saves
     * the queue minus the replay it costs. Positive: move it; otherwise it waits. A state the idle
     * worker already holds ({@code steps == 0}) always moves; with nothing measured yet nothing else does.
     */
    double gainOfMoving(int steps, int queued) {
        if (queued <= 0) return Double.NEGATIVE_INFINITY;
        if (steps == 0) return Double.isNaN(requestNanos) ? Double.MIN_VALUE : waitNanos(queued);
        if (Double.isNaN(requestNanos)) return Double.NEGATIVE_INFINITY;
        return waitNanos(queued) - replayNanos(steps);
    }
}
