package dev.leanagent.agent.prove;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.leanagent.search.TacticResult;

/**
 * Outcomes of (state, tactic) shared by all searches of a run. Only failures are kept: a success
 * names a pool state that its search releases when it ends, so it cannot be handed to another.
 * Timeouts are not kept either: a busier moment may have caused them. The key includes the
 * theorem's context, because the same goal text can mean different things after different
 * declarations.
 */
public final class FailureCache {

    private record Key(String context, String state, String tactic) {
    }

    private final Cache<Key, TacticResult.Failure> cache;

    public FailureCache(long maxEntries) {
        cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    TacticResult.Failure get(String context, String state, String tactic) {
        return cache.getIfPresent(new Key(context, state, tactic));
    }

    void put(String context, String state, String tactic, TacticResult.Failure f) {
        boolean lasting = f.kind().equals("tactic_failed") || f.kind().equals("parse_error");
        if (!lasting) return;
        cache.put(new Key(context, state, tactic), f);
    }

    public long size() {
        return cache.estimatedSize();
    }
}
