package dev.leanagent.agent.trace;

import dev.leanagent.search.Candidate;
import dev.leanagent.search.ProofEnvironment;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;
import dev.leanagent.search.TacticResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A scripted theorem for trace tests: states are names, {@code QED} is complete, {@code edge}
 * makes a tactic work and the generator propose it, {@code propose} only proposes (it fails).
 * Records the tactics Lean was asked to run, as "state:tactic".
 */
final class Scripted implements ProofEnvironment, TacticGenerator {

    private final String root;
    private final Map<String, Map<String, String>> edges = new HashMap<>();
    private final Map<String, List<Candidate>> proposals = new HashMap<>();
    final List<String> applied = new ArrayList<>();

    Scripted(String root) {
        this.root = root;
    }

    Scripted edge(String from, String tactic, String to, double logprob) {
        edges.computeIfAbsent(from, k -> new HashMap<>()).put(tactic, to);
        return propose(from, tactic, logprob);
    }

    Scripted propose(String from, String tactic, double logprob) {
        proposals.computeIfAbsent(from, k -> new ArrayList<>()).add(new Candidate(tactic, logprob));
        return this;
    }

    /** The edge's target, or null when the tactic fails. */
    String target(String from, String tactic) {
        return edges.getOrDefault(from, Map.of()).get(tactic);
    }

    private static SearchState state(String name) {
        return new SearchState(name, name, "⊢ " + name, name.equals("QED"), List.of(), "", name.equals("QED") ? 0 : 1);
    }

    @Override
    public CompletionStage<TacticResult> start() {
        return CompletableFuture.completedFuture(new TacticResult.Success(state(root)));
    }

    @Override
    public CompletionStage<TacticResult> apply(SearchState s, String tactic) {
        applied.add(s.canonical() + ":" + tactic);
        String to = target(s.canonical(), tactic);
        return CompletableFuture.completedFuture(to == null ? new TacticResult.Failure("tactic_failed", tactic + " failed")
                : new TacticResult.Success(state(to)));
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState s) {
        return CompletableFuture.completedFuture(proposals.getOrDefault(s.canonical(), List.of()));
    }

    @Override
    public String name() {
        return "scripted";
    }
}
