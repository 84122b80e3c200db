package dev.leanagent.search;

import java.time.Duration;

/**
 * Budgets and ordering of one search.
 *
 * @param maxExpansions nodes expanded (suggestions asked for) before giving up
 * @param timeout       wall time for the whole theorem
 * @param maxDepth      states this many tactics deep are kept but not expanded
 * @param priority      how open nodes are ordered
 * @param order         what the best-first order ranks: whole nodes, or each (node, tactic) pair
 * @param parallelTactics tactic applications of one search in flight at once; 0 leaves it to whoever
 *                      runs the search (the agent: one per Lean worker); 1 is the sequential search
 *                      (see {@link SearchTree} for what may differ with more)
 */
public record SearchSettings(int maxExpansions, Duration timeout, int maxDepth, Priority priority, Order order,
                             int parallelTactics) {

    public enum Priority {
        /** The sum of the log-probs of the tactics on the path: short, likely paths first. */
        CUMULATIVE,
        /** That sum divided by the path's length: long paths of likely tactics are not punished. */
        LENGTH_NORMALISED
    }

    public enum Order {
        /**
         * The most promising open node is expanded and all its candidates are tried, best first,
         * before the next node (GPT-f, ReProver, InternLM's evaluation).
         */
        NODE,
        /**
         * Each candidate is ranked by the path it would make: a likely tactic on a new state is
         * tried before an unlikely one on an older state. Same expansions, different order of
         * tactics; it pays when unlikely tactics are also the slow ones.
         */
        TACTIC
    }

    public SearchSettings {
        if (maxExpansions < 1) throw new IllegalArgumentException("expansions must be at least 1, not " + maxExpansions);
        if (maxDepth < 1) throw new IllegalArgumentException("max depth must be at least 1, not " + maxDepth);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (order == null) order = Order.NODE;
        if (parallelTactics < 0) {
            throw new IllegalArgumentException("parallel tactics must be 1 or more (0: automatic), not " + parallelTactics);
        }
    }

    /** One tactic at a time: the sequential search. */
    public SearchSettings(int maxExpansions, Duration timeout, int maxDepth, Priority priority, Order order) {
        this(maxExpansions, timeout, maxDepth, priority, order, 1);
    }

    public SearchSettings(int maxExpansions, Duration timeout, int maxDepth, Priority priority) {
        this(maxExpansions, timeout, maxDepth, priority, Order.NODE);
    }

    /** The same ordering with other budgets. */
    public SearchSettings withBudgets(int maxExpansions, Duration timeout) {
        return new SearchSettings(maxExpansions, timeout, maxDepth, priority, order, parallelTactics);
    }

    /** The same search with {@code n} tactics in flight (0: automatic). */
    public SearchSettings withParallelTactics(int n) {
        return new SearchSettings(maxExpansions, timeout, maxDepth, priority, order, n);
    }

    /** {@link #parallelTactics}, with automatic resolved to {@code auto}. */
    public int parallelTactics(int auto) {
        return parallelTactics > 0 ? parallelTactics : Math.max(1, auto);
    }

    public static SearchSettings defaults() {
        return new SearchSettings(100, Duration.ofSeconds(600), 50, Priority.CUMULATIVE, Order.NODE, 1);
    }
}
