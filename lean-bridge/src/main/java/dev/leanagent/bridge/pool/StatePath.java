package dev.leanagent.bridge.pool;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How a state was made: its steps from the start of the proof, shared with its ancestors (the
 * path is immutable, so many messages can hold it). {@code canonical} is the state's text as first
 * made; a replay must reproduce it exactly.
 */
public record StatePath(StateHandle handle, StatePath parent, Step step, String canonical, int depth) {

    public static StatePath root(StateHandle handle, Step.Start step, String canonical) {
        return new StatePath(handle, null, step, canonical, 0);
    }

    public StatePath child(StateHandle handle, Step.Tactic step, String canonical) {
        return new StatePath(handle, this, step, canonical, depth + 1);
    }

    /** This path's nodes from the root to this one, stopping below the first ancestor {@code known}. */
    public Deque<StatePath> suffixAfter(java.util.function.Predicate<StatePath> known) {
        Deque<StatePath> todo = new ArrayDeque<>();
        for (StatePath p = this; p != null && !known.test(p); p = p.parent) todo.push(p);
        return todo;
    }
}
