package dev.leanagent.agent.serve;

import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generator that counts the states it is asked about: the search asks once per expansion, so a
 * prove stream can report expansions as they happen without reaching into the search.
 */
final class CountingGenerator implements TacticGenerator {

    private final TacticGenerator inner;
    private final AtomicInteger asked;

    CountingGenerator(TacticGenerator inner, AtomicInteger asked) {
        this.inner = inner;
        this.asked = asked;
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        asked.incrementAndGet();
        return inner.suggest(state);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public TacticGenerator forAttempt(int attempt) {
        return new CountingGenerator(inner.forAttempt(attempt), asked);
    }

    @Override
    public TacticGenerator withLemmas(List<String> lemmas) {
        return new CountingGenerator(inner.withLemmas(lemmas), asked);
    }
}
