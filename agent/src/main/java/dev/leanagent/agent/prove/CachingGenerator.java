package dev.leanagent.agent.prove;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Suggestions per state, shared by the searches of a run: the generator sees only the state's
 * text, so two searches (or two paths of one) that reach the same state ask it once. Concurrent
 * asks for one state share one pending answer; a failed answer is not kept. Keyed by the
 * canonical text alone: one instance wraps one generator with fixed settings, and another
 * attempt's generator (another seed) gets a cache of its own.
 */
public final class CachingGenerator implements TacticGenerator {

    private final TacticGenerator inner;
    private final long maxEntries;
    private final AsyncCache<String, List<Candidate>> cache;
    /** Each attempt's caching generator, made once: the searches of attempt k share its cache. */
    private final Map<Integer, TacticGenerator> attempts = new ConcurrentHashMap<>();

    public CachingGenerator(TacticGenerator inner, long maxEntries) {
        this.inner = inner;
        this.maxEntries = maxEntries;
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
        return attempts.computeIfAbsent(attempt, a -> {
            TacticGenerator other = inner.forAttempt(a);
            return other == inner ? this : new CachingGenerator(other, maxEntries);
        });
    }

    @Override
    public String name() {
        return inner.name();
    }
}
