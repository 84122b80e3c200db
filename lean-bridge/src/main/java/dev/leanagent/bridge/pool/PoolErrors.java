package dev.leanagent.bridge.pool;

/**
 * Error kinds the pool adds to the REPL's (lean-bridge/PROTOCOL.md). Each comes with a message
 * saying what happened to which request.
 */
public final class PoolErrors {

    /** The Lean process gave no reply in time; it was killed and replaced. */
    public static final String HUNG = "timeout";
    /** The Lean process died running this request on every attempt. */
    public static final String CRASHED = "crashed";
    /** A state could not be rebuilt on a fresh process: a step of its path failed or gave another state. */
    public static final String REPLAY_FAILED = "replay_failed";
    /** Too many requests are waiting; try again later. */
    public static final String OVERLOADED = "overloaded";
    /** The handle was never made by this pool, or was released. */
    public static final String UNKNOWN_HANDLE = "unknown_handle";
    /** No Lean process could be started (the message has Lean's reason). */
    public static final String LEAN_UNAVAILABLE = "lean_unavailable";
    /** The request's deadline passed before a worker could start it; it was not run. */
    public static final String DEADLINE = "deadline";
    /** The pool was shut down before the request was answered. */
    public static final String STOPPED = "pool_stopped";

    private PoolErrors() {
    }
}
