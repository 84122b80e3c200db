package dev.leanagent.bridge.pool;

/** Percentiles in milliseconds over the last {@code samples} requests. */
public record Percentiles(int samples, double p50, double p90, double p99, double max) {
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0);
}
