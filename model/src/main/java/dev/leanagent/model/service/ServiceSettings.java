package dev.leanagent.model.service;

import java.time.Duration;

/**
 * Dynamic batching and caching of the model service: a batch holds requests with the same
 * generation settings up to {@code maxBatchTokens} (prompt plus new tokens, times candidates; one
 * request always fits), waiting at most {@code maxWait} for company once the device is free;
 * {@code cacheSize} results are kept.
 */
public record ServiceSettings(int maxBatchTokens, Duration maxWait, long cacheSize, Duration requestTimeout) {

    public ServiceSettings {
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("max batch tokens must be at least 1");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("max wait must not be negative");
        }
    }

    public static ServiceSettings defaults() {
        return new ServiceSettings(32_768, Duration.ofMillis(5), 100_000, Duration.ofMinutes(10));
    }
}
