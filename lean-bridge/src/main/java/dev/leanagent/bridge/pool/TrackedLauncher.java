package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.bridge.repl.Repl;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every process the pools started, so that shutting down kills them at once instead of
 * waiting for workers that may be blocked on Lean for the length of a tactic.
 */
final class TrackedLauncher {

    static final String CLOSED = "the Lean pools are shut down";

    private final Set<Repl> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ReplLauncher track(ReplLauncher launcher) {
        return () -> {
            if (closed) throw new LeanProcessException(CLOSED);
            live.removeIf(r -> !r.isAlive()); // recycled and crashed ones
            Repl repl = launcher.launch();
            live.add(repl);
            if (closed) {
                repl.close();
                throw new LeanProcessException(CLOSED);
            }
            return repl;
        };
    }

    List<Long> pids() {
        return live.stream().filter(Repl::isAlive).map(Repl::pid).toList();
    }

    void closeAll() {
        closed = true;
        for (Repl r : live) r.close();
        live.clear();
    }
}
