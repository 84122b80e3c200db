package dev.leanagent.search;

import java.util.List;

/**
 * Watches one search's tree grow, for traces: every state the first time it is seen, every tactic
 * tried with what came of it, and the end. {@link SearchTree} calls it on the driver's thread, in
 * the order it decides things, so a listener must be quick and must not throw (a trace that cannot
 * be written is the listener's problem, not the search's).
 *
 * <p>States are numbered in the order they are first seen, the root 0; a state reached again by
 * another path keeps its number.
 */
public interface SearchListener {

    /** Listens to nothing. */
    SearchListener NONE = new SearchListener() {
    };

    /** Tells {@code first} then {@code second} everything (a trace and a progress report watching one search). */
    static SearchListener both(SearchListener first, SearchListener second) {
        if (second == NONE) return first;
        if (first == NONE) return second;
        return new SearchListener() {
            @Override
            public void stateSeen(StateSeen state) {
                first.stateSeen(state);
                second.stateSeen(state);
            }

            @Override
            public void tacticTried(TacticTried tactic) {
                first.tacticTried(tactic);
                second.tacticTried(tactic);
            }

            @Override
            public void finished(SearchOutcome outcome, List<Integer> proofPath) {
                first.finished(outcome, proofPath);
                second.finished(outcome, proofPath);
            }
        };
    }

    /** What a tactic came to, as the search classifies it. */
    enum Outcome {
        /** The tactic closed every goal: the child is complete. */
        PROVED,
        /** A state the search keeps: a new one, or one it had reached by another path (linked). */
        OK,
        /** Lean refused it, or it led nowhere new ({@code no_progress}); {@code errorKind} says which. */
        ERROR,
        /** The search ended before the reply came. */
        UNANSWERED
    }

    /** A state seen for the first time: {@code depth} tactics below the root on the path that found it. */
    record StateSeen(int id, SearchState state, int depth) {
    }

    /**
     * One tactic tried. {@code seq} is the order it was sent in (from 1; the order replies are
     * reported in may differ when several tactics are in flight); {@code expansion} is the
     * number of the parent's expansion (from 1, as counted in {@code expansions}); {@code child}
     * is the state it led to (null on a Lean error or when unanswered), {@code newChild} whether
     * that state was seen here first; {@code leanNanos} the time from request to reply (queueing
     * included), or to the end of the search when unanswered.
     */
    record TacticTried(long seq, int expansion, int parent, Candidate candidate, Outcome outcome, Integer child,
                       boolean newChild, String errorKind, String errorMessage, long leanNanos) {
    }

    default void stateSeen(StateSeen state) {
    }

    default void tacticTried(TacticTried tactic) {
    }

    /**
     * The search is over; nothing more is reported. {@code proofPath} is the states along the
     * reported proof, root first (empty unless a proof was found): {@code outcome.proof().get(i)}
     * leads from {@code proofPath.get(i)} to {@code proofPath.get(i + 1)}.
     */
    default void finished(SearchOutcome outcome, List<Integer> proofPath) {
    }
}
