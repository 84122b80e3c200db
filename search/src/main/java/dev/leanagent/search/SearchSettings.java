package dev.leanagent.search;

import java.time.Duration;

/**
 * Budgets and ordering of one search.
 *
 * @param maxExpansions nodes expanded (suggestions asked for) before giving up
 * @param timeout       wall time for the whole theorem
 * @param maxDepth      states this many tactics deep are kept but not expanded
 * @param priority      how open nodes are ordered
 */
public record SearchSettings(int maxExpansions, Duration timeout, int maxDepth, Priority priority) {

    public enum Priority {
        /** The sum of the log-probs of the tactics on the path: short, likely paths first. */
        CUMULATIVE,
        /** That sum divided by the path's length: long paths of likely tactics are not punished. */
        LENGTH_NORMALISED
    }

    public SearchSettings {
        if (maxExpansions < 1) throw new IllegalArgumentException("expansions must be at least 1, not " + maxExpansions);
        if (maxDepth < 1) throw new IllegalArgumentException("max depth must be at least 1, not " + maxDepth);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    public static SearchSettings defaults() {
        return new SearchSettings(100, Duration.ofSeconds(600), 50, Priority.CUMULATIVE);
    }
}
