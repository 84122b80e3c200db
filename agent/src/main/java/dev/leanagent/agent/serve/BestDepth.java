package dev.leanagent.agent.serve;

import dev.leanagent.search.SearchListener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the greatest depth of any state a search has reached (the root is 0), for a prove stream:
 * the search tells it on its own thread, the stream reads it every second from another.
 */
final class BestDepth implements SearchListener {

    private final AtomicInteger best;

    BestDepth(AtomicInteger best) {
        this.best = best;
    }

    @Override
    public void stateSeen(StateSeen state) {
        best.accumulateAndGet(state.depth(), Math::max);
    }
}
