package dev.leanagent.agent.runtime;

/**
 * The run stopped because it was cancelled; every search that was running has written its
 * {@code cancelled} line by the time this is thrown. The command line ends with the
 * cancellation's exit status.
 */
public final class RunCancelledException extends RuntimeException {

    private final Cancellation cancellation;

    public RunCancelledException(Cancellation cancellation) {
        super(cancellation.reason());
        this.cancellation = cancellation;
    }

    public Cancellation cancellation() {
        return cancellation;
    }
}
