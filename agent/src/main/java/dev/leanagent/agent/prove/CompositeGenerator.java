package dev.leanagent.agent.prove;

import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Several generators asked at once; their candidates are merged (the search keeps the best
 * log-prob of a tactic proposed twice).
 */
public final class CompositeGenerator implements TacticGenerator {

    private final List<TacticGenerator> parts;

    public CompositeGenerator(List<TacticGenerator> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a composite needs at least one generator");
        this.parts = List.copyOf(parts);
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        List<CompletableFuture<List<Candidate>>> all = parts.stream()
                .map(g -> g.suggest(state).toCompletableFuture()).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Candidate> merged = new ArrayList<>();
            all.forEach(f -> merged.addAll(f.join()));
            return merged;
        });
    }

    @Override
    public TacticGenerator forAttempt(int attempt) {
        return new CompositeGenerator(parts.stream().map(g -> g.forAttempt(attempt)).toList());
    }

    @Override
    public TacticGenerator withLemmas(List<String> lemmas) {
        return lemmas.isEmpty() ? this : new CompositeGenerator(parts.stream().map(g -> g.withLemmas(lemmas)).toList());
    }

    @Override
    public String name() {
        return parts.stream().map(TacticGenerator::name).collect(Collectors.joining("+"));
    }
}
