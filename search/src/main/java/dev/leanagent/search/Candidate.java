package dev.leanagent.search;

/** A proposed next tactic and its log-probability under the generator. */
public record Candidate(String tactic, double logprob) {
}
