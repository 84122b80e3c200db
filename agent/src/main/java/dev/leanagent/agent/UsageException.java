package dev.leanagent.agent;

/** A mistake in what the user asked for: printed as it is, exit status 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
