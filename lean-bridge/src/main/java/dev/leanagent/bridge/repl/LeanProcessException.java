package dev.leanagent.bridge.repl;

/** The Lean process could not start, died, or hung and was killed. Its states are gone. */
public final class LeanProcessException extends RuntimeException {
    public LeanProcessException(String message) {
        super(message);
    }

    public LeanProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
