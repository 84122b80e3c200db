package dev.leanagent.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A scripted theorem: states are names, {@code "QED"} is complete; {@code edge(from, tactic, to,
 * logprob)} makes the tactic work and the generator propose it. Records what the search asked.
 */
final class ScriptedProof implements ProofEnvironment, TacticGenerator {

    private final String root;
    private final Map<String, Map<String, String>> edges = new HashMap<>();
    private final Map<String, List<Candidate>> proposals = new HashMap<>();
    final List<String> expanded = new ArrayList<>();
    final List<String> applied = new ArrayList<>();
    final List<Object> released = new ArrayList<>();
    private final List<Object> made = new ArrayList<>();
    Runnable onApply = () -> { };

    ScriptedProof(String root) {
        this.root = root;
    }

    ScriptedProof edge(String from, String tactic, String to, double logprob) {
        edges.computeIfAbsent(from, k -> new HashMap<>()).put(tactic, to);
        return propose(from, tactic, logprob);
    }

    /** The generator proposes it, but it fails in Lean. */
    ScriptedProof propose(String from, String tactic, double logprob) {
        proposals.computeIfAbsent(from, k -> new ArrayList<>()).add(new Candidate(tactic, logprob));
        return this;
    }

    private SearchState state(String name) {
        made.add(name);
        return new SearchState(name, name, name.equals("QED"), List.of());
    }

    /** The handles of every state this script handed out (a name once per time it was reached). */
    List<Object> made() {
        return List.copyOf(made);
    }

    @Override
    public CompletionStage<TacticResult> start() {
        return CompletableFuture.completedFuture(root == null
                ? new TacticResult.Failure("statement_error", "cannot elaborate the statement")
                : new TacticResult.Success(state(root)));
    }

    @Override
    public CompletionStage<TacticResult> apply(SearchState s, String tactic) {
        applied.add(s.canonical() + ":" + tactic);
        onApply.run();
        String to = edges.getOrDefault(s.canonical(), Map.of()).get(tactic);
        return CompletableFuture.completedFuture(to == null ? new TacticResult.Failure("tactic_failed", tactic + " failed")
                : new TacticResult.Success(state(to)));
    }

    @Override
    public void release(List<SearchState> states) {
        states.forEach(s -> released.add(s.handle()));
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState s) {
        expanded.add(s.canonical());
        return CompletableFuture.completedFuture(proposals.getOrDefault(s.canonical(), List.of()));
    }

    @Override
    public String name() {
        return "scripted";
    }
}
