package dev.leanagent.model.checkpoint;

/** A checkpoint that cannot be used, with a message naming the file and what to do about it. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
