package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.ProofState;
import dev.leanagent.bridge.repl.ReplError;

/**
 * The pool's answer to a start or tactic request. A tactic Lean rejects is a normal
 * {@link Failed}; so is every fault of the pool (see {@link PoolErrors} for the kinds it adds to
 * the REPL's). The state's {@code id} inside {@link Ok#state()} is process-local: use the handle.
 */
public sealed interface PoolOutcome {

    record Ok(StateHandle handle, ProofState state) implements PoolOutcome {
    }

    record Failed(ReplError error) implements PoolOutcome {
    }

    static Failed failed(String kind, String message) {
        return new Failed(new ReplError(kind, message));
    }

    default boolean ok() {
        return this instanceof Ok;
    }

    default Ok success() {
        if (this instanceof Ok o) return o;
        ReplError e = ((Failed) this).error();
        throw new IllegalStateException(e.kind() + ": " + e.message());
    }

    default ReplError error() {
        if (this instanceof Failed f) return f.error();
        throw new IllegalStateException("the request succeeded");
    }
}
