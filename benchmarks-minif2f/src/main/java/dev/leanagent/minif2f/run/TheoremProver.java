package dev.leanagent.minif2f.run;

import dev.leanagent.search.ProofResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the harness has theorems searched. The searches, the Lean pool, the generator and the
 * independent check belong to the agent, which this module may not use; the agent implements this
 * port over them, and tests use a fake.
 */
public interface TheoremProver {

    /** How theorems are searched (generator, model, budgets, concurrency, machine …), in the order a reader sees them. */
    Map<String, String> settings();

    /** How many theorems are searched at once; 0 when the searchers take them as they have room (a cluster's nodes). */
    int concurrency();

    /**
     * Starts Lean on the split's imports and waits until it has loaded them, so that no theorem's
     * time budget goes to loading mathlib, and a workspace that does not load is known before any
     * search.
     *
     * @return empty when Lean loaded the imports; otherwise Lean's own account of why no Lean
     *         process could (what it printed before it stopped)
     */
    Optional<String> warmUp() throws Exception;

    /**
     * Searches the attempts, several at a time, and returns when each has its result. Each result
     * goes to {@code onResult} the moment it is known, one call at a time; an exception thrown
     * there ends the run.
     */
    void prove(List<Attempt> attempts, Consumer<ProofResult> onResult) throws Exception;

    /** What the searchers' Lean did in this invocation (workers and faults), for run.json; asked only after a search. */
    Map<String, String> account() throws Exception;
}
