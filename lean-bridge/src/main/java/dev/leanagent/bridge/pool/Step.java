package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.StartRequest;

import java.time.Duration;

/** One request that made a state: the start of a proof, or a tactic with its limits. */
public sealed interface Step {

    record Start(StartRequest request) implements Step {
    }

    record Tactic(String tactic, Duration timeout, long heartbeats) implements Step {
    }
}
