package dev.leanagent.bridge.repl;

/**
 * The Lean process could not start, died, or hung and was killed. Its states are gone.
 * {@link #hung()} tells a hang (no reply in time, so the process was killed: repeating the request
 * would hang again) from a death (a crash, which a fresh process may well survive).
 */
public class LeanProcessException extends RuntimeException {

    private final boolean hung;

    public LeanProcessException(String message) {
        this(message, null, false);
    }

    public LeanProcessException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private LeanProcessException(String message, Throwable cause, boolean hung) {
        super(message, cause);
        this.hung = hung;
    }

    /** No reply within the limit; the process was killed. */
    public static LeanProcessException hung(String message) {
        return new LeanProcessException(message, null, true);
    }

    public boolean hung() {
        return hung;
    }
}
