package dev.leanagent.agent.serve;

import java.util.HashMap;
import java.util.Map;

/**
 * Admission of requests that run Lean: at most {@code perClient} at once per client address and
 * {@code total} in all. A full client gets 429, a full server 503, both with Retry-After, so that
 * one editor cannot hold every Lean worker.
 */
final class SearchSlots {

    /** Held while the request runs; closing it (once) frees the slot. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private static final int RETRY_AFTER_SECONDS = 5;

    private final int perClient;
    private final int total;
    private final Map<String, Integer> byClient = new HashMap<>();
    private int running;

    SearchSlots(int perClient, int total) {
        this.perClient = perClient;
        this.total = total;
    }

    synchronized Slot acquire(String client) {
        int mine = byClient.getOrDefault(client, 0);
        if (mine >= perClient) {
            throw new ApiError(429, "too_many_requests", "this client already runs " + mine
                    + " Lean requests (the most allowed at once); retry when one has finished", RETRY_AFTER_SECONDS);
        }
        if (running >= total) {
            throw new ApiError(503, "busy", "the server runs " + running + " Lean requests, its most at once; retry later",
                    RETRY_AFTER_SECONDS);
        }
        byClient.put(client, mine + 1);
        running++;
        return new Slot() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (SearchSlots.this) {
                    if (closed) return;
                    closed = true;
                    running--;
                    byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
                }
            }
        };
    }

    synchronized int running() {
        return running;
    }
}
