package dev.leanagent.search;

import java.util.List;

/**
 * One theorem's result: the project's single result schema, written as one JSON line per theorem
 * by {@code prove} and by the benchmark. Documented field by field in search/RESULTS.md.
 */
public record ProofResult(String file, String name, String status, List<String> proof, String reason, int expansions,
                          int nodes, double seconds, double modelSeconds, double leanSeconds, boolean checked,
                          String generator, String model, String template, Budgets budgets, Long seed, int attempt) {

    /** The statuses, as written. */
    public static final String PROVED = "proved", FAILED = "failed", BUDGET = "budget", TIMEOUT = "timeout",
            ERROR = "error";

    public record Budgets(int expansions, double timeoutSeconds, int maxDepth, long tacticTimeoutMs, long heartbeats) {
    }

    /** How a search's own status reads in a result before the check: FOUND is not yet proved. */
    public static String statusOf(SearchStatus s) {
        return switch (s) {
            case FOUND -> PROVED;
            case FAILED -> FAILED;
            case BUDGET -> BUDGET;
            case TIMEOUT -> TIMEOUT;
            case ERROR -> ERROR;
        };
    }
}
