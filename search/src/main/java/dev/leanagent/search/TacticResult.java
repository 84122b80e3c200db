package dev.leanagent.search;

/** What applying a tactic (or starting the theorem) gave: a new state, or Lean's refusal. */
public sealed interface TacticResult {

    record Success(SearchState state) implements TacticResult {
    }

    /** {@code kind} as the environment names it, e.g. {@code tactic_failed}, {@code timeout}. */
    record Failure(String kind, String message) implements TacticResult {
    }
}
