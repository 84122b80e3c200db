package dev.leanagent.bridge.pool;

/**
 * A proof state held by a pool. Unlike a REPL's state id it belongs to no process: when the
 * process behind it dies or is recycled, the pool rebuilds the state by replaying its path.
 */
public record StateHandle(long id) {
    @Override
    public String toString() {
        return "state#" + id;
    }
}
