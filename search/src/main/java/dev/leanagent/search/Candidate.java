package dev.leanagent.search;

import java.time.Duration;

/**
 * A proposed next tactic and its log-probability under the generator. {@code limit}, when not
 * null, is the time the tactic may take in place of the environment's default: a generator that
 * knows a tactic is expensive (nlinarith, interval_cases) or should fail fast says so here.
 */
public record Candidate(String tactic, double logprob, Duration limit) {

    public Candidate(String tactic, double logprob) {
        this(tactic, logprob, null);
    }
}
