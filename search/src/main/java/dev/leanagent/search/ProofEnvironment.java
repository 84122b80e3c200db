package dev.leanagent.search;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The search's port to Lean, bound to one theorem. */
public interface ProofEnvironment {

    /** The theorem's initial state. */
    CompletionStage<TacticResult> start();

    CompletionStage<TacticResult> apply(SearchState state, String tactic);

    /** Runs a candidate within its own time limit when it has one; by default, within the environment's. */
    default CompletionStage<TacticResult> apply(SearchState state, Candidate candidate) {
        return apply(state, candidate.tactic());
    }

    /**
     * This environment for a search that ends at {@code deadline} ({@link System#nanoTime()}): a
     * request not begun by then is answered with a failure of kind {@code deadline} rather than
     * run. An environment that cannot tell its backend returns itself.
     */
    default ProofEnvironment withDeadline(long deadline) {
        return this;
    }

    /** The search no longer needs these states. */
    default void release(List<SearchState> states) {
    }
}
