package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.LeanTime;
import dev.leanagent.bridge.repl.Outcome;
import dev.leanagent.bridge.repl.Repl;
import dev.leanagent.bridge.repl.StartRequest;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** A tracked process that leaves the tracker's set when it is closed. */
record ForgettingRepl(Repl repl, Set<Repl> live) implements Repl {

    @Override
    public Outcome start(StartRequest request) {
        return repl.start(request);
    }

    @Override
    public Outcome tactic(int state, String tactic, Duration timeout, long heartbeats) {
        return repl.tactic(state, tactic, timeout, heartbeats);
    }

    @Override
    public int release(List<Integer> states) {
        return repl.release(states);
    }

    @Override
    public long pid() {
        return repl.pid();
    }

    @Override
    public boolean isAlive() {
        return repl.isAlive();
    }

    @Override
    public OptionalLong residentBytes() {
        return repl.residentBytes();
    }

    @Override
    public LeanTime leanTime() {
        return repl.leanTime();
    }

    @Override
    public void close() {
        repl.close();
        live.remove(repl);
    }
}
