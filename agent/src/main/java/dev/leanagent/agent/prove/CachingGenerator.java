package dev.leanagent.agent.prove;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Suggestions per state, shared by the searches of a run: the generator sees only the state's
 * text, so two searches (or two paths of one) that reach the same state ask it once. Concurrent
 * asks for one state share one pending answer; a failed answer is not kept.
 */
public final class CachingGenerator implements TacticGenerator {

    private final TacticGenerator inner;
    private final AsyncCache<String, List<Candidate>> cache;

    public CachingGenerator(TacticGenerator inner, long maxEntries) {
        this.inner = inner;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).buildAsync();
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        return cache.get(state.canonical(), (key, executor) -> inner.suggest(state).toCompletableFuture());
    }

    /**
     * Candidates that use a file's lemmas hold only for that file's theorems: such a generator
     * gets a cache of its own, and the shared one stays free of them.
     */
    @Override
    public TacticGenerator withLemmas(List<String> lemmas) {
        TacticGenerator bound = inner.withLemmas(lemmas);
        return bound == inner ? this : new CachingGenerator(bound, 10_000);
    }

    @Override
    public TacticGenerator forAttempt(int attempt) {
        TacticGenerator other = inner.forAttempt(attempt);
        return other == inner ? this : new CachingGenerator(other, 10_000);
    }

    @Override
    public String name() {
        return inner.name();
    }
}
