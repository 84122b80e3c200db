package dev.leanagent.bridge.pool;

import java.util.Arrays;

/** The most recent latencies, for percentiles; owned by one actor, so not thread-safe. */
final class Latencies {

    private final long[] micros;
    private int size;
    private int next;

    Latencies(int capacity) {
        micros = new long[capacity];
    }

    void add(long nanos) {
        micros[next] = nanos / 1000;
        next = (next + 1) % micros.length;
        size = Math.min(size + 1, micros.length);
    }

    Percentiles percentiles() {
        if (size == 0) return Percentiles.EMPTY;
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        return new Percentiles(size, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[size - 1] / 1000.0);
    }

    private static double at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1000.0;
    }
}
