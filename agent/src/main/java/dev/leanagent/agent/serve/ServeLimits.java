package dev.leanagent.agent.serve;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.time.Duration;

/** What one request and one client may ask of the server: the {@code lean-agent.serve} block of the settings. */
public record ServeLimits(long maxBodyBytes, int maxStatementChars, int maxFileChars, int maxExpansions,
                          Duration maxTimeout, int defaultExpansions, Duration defaultTimeout, int maxCandidates,
                          int maxSearchesPerClient, int maxSearches, int maxImportSets) {

    public ServeLimits {
        if (maxBodyBytes < 1 || maxStatementChars < 1 || maxFileChars < 1 || maxExpansions < 1 || maxCandidates < 1
                || maxSearchesPerClient < 1 || maxSearches < 1 || maxImportSets < 1 || defaultExpansions < 1) {
            throw new IllegalArgumentException("every serve limit must be at least 1");
        }
        if (maxTimeout.isNegative() || maxTimeout.isZero() || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("serve timeouts must be positive");
        }
    }

    public static ServeLimits from(Config root) {
        Config c = root.withOnlyPath("lean-agent.serve");
        String p = "lean-agent.serve.";
        try {
            return new ServeLimits(c.getBytes(p + "max-body-bytes"), c.getInt(p + "max-statement-chars"),
                    c.getInt(p + "max-file-chars"), c.getInt(p + "max-expansions"), c.getDuration(p + "max-timeout"),
                    c.getInt(p + "default-expansions"), c.getDuration(p + "default-timeout"), c.getInt(p + "max-candidates"),
                    c.getInt(p + "max-searches-per-client"), c.getInt(p + "max-searches"), c.getInt(p + "max-import-sets"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("serve", e.getMessage());
        }
    }

    public ServeLimits withSearches(int perClient, int total) {
        return new ServeLimits(maxBodyBytes, maxStatementChars, maxFileChars, maxExpansions, maxTimeout,
                defaultExpansions, defaultTimeout, maxCandidates, perClient, total, maxImportSets);
    }

    public ServeLimits withBodyBytes(long bytes) {
        return new ServeLimits(bytes, maxStatementChars, maxFileChars, maxExpansions, maxTimeout,
                defaultExpansions, defaultTimeout, maxCandidates, maxSearchesPerClient, maxSearches, maxImportSets);
    }
}
