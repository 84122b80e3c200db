package dev.leanagent.bridge.pool;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A request on its way through the pool: {@code target} is the state it acts on (null for a
 * start), {@code newHandle} names the state it makes if it succeeds, {@code attempt} counts runs on
 * fresh processes after crashes; {@code deadline}, when not null, is the {@link System#nanoTime()} after
 * which the caller no longer wants it started.
 */
record Job(long seq, StatePath target, Step step, StateHandle newHandle, ActorRef<PoolOutcome> replyTo,
           long enqueuedNanos, int attempt, Long deadline) {

    Job retry() {
        return new Job(seq, target, step, newHandle, replyTo, enqueuedNanos, attempt + 1, deadline);
    }

    boolean expired(long nowNanos) {
        return deadline != null && nowNanos - deadline >= 0;
    }

    String describe() {
        if (step instanceof Step.Tactic t) return "tactic '" + t.tactic() + "' on " + target.handle();
        Step.Start s = (Step.Start) step;
        return "start of " + (s.request().name() != null ? s.request().name() : "a statement");
    }
}
