package dev.leanagent.model.service;

/** Counters of the model service since it started. */
public record ServiceStats(
        long requests,
        long cacheHits,
        long batches,
        long batchedRequests,
        long failures,
        double inferenceSeconds,
        int queued) {

    public double meanBatchSize() {
        return batches == 0 ? 0 : (double) batchedRequests / batches;
    }
}
