package dev.leanagent.bridge.sandbox;

/** The operating system cannot contain a Lean process here; the message says what to install or enable. */
public final class SandboxUnavailableException extends RuntimeException {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
