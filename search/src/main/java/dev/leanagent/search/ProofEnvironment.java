package dev.leanagent.search;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The search's port to Lean, bound to one theorem. */
public interface ProofEnvironment {

    /** The theorem's initial state. */
    CompletionStage<TacticResult> start();

    CompletionStage<TacticResult> apply(SearchState state, String tactic);

    /** The search no longer needs these states. */
    default void release(List<SearchState> states) {
    }
}
