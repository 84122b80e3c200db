package dev.leanagent.bridge.repl;

/**
 * The answer to a start or tactic request: a new state or the error Lean gave. Failing tactics
 * are the normal case in a search, so they are values, not exceptions.
 */
public sealed interface Outcome {

    record Ok(ProofState state) implements Outcome {
    }

    record Failed(ReplError error) implements Outcome {
    }

    default boolean ok() {
        return this instanceof Ok;
    }

    /** The state; throws if the request failed (for callers that expect success). */
    default ProofState state() {
        if (this instanceof Ok o) return o.state();
        ReplError e = ((Failed) this).error();
        throw new IllegalStateException(e.kind() + ": " + e.message());
    }

    default ReplError error() {
        if (this instanceof Failed f) return f.error();
        throw new IllegalStateException("the request succeeded");
    }
}
