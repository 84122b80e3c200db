package dev.leanagent.bridge.repl;

/**
 * Lean's own time spent on requests, summed: what Lean reported with {@code timeit} for each
 * request (see PROTOCOL.md), so callers can tell Lean's work from the bridge's overhead.
 */
public record LeanTime(long requests, double millis) {

    public static final LeanTime NONE = new LeanTime(0, 0);

    public LeanTime plus(LeanTime other) {
        return new LeanTime(requests + other.requests, millis + other.millis);
    }
}
