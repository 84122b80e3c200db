package dev.leanagent.search;

import java.util.List;

/**
 * The result of one search: the proof (tactics in order) when found, else why not; and what it
 * cost. {@code modelSeconds} and {@code leanSeconds} are the time spent waiting on each port.
 */
public record SearchOutcome(SearchStatus status, List<String> proof, String reason, int expansions, int nodes,
                            double seconds, double modelSeconds, double leanSeconds) {
}
