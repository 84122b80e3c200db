package dev.leanagent.bridge.toolchain;

/** No usable Lean 3 toolchain; the message says where we looked and how to install one. */
public final class LeanNotFoundException extends RuntimeException {
    public LeanNotFoundException(String message) {
        super(message);
    }
}
