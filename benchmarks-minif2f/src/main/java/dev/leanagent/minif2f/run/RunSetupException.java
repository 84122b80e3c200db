package dev.leanagent.minif2f.run;

/**
 * A run that cannot start, or a run directory that cannot be read: a wrong option, an incomplete
 * or foreign workspace, results of another run in the way. The message says what to do; the
 * command line turns it into exit status 2.
 */
public final class RunSetupException extends RuntimeException {

    public RunSetupException(String message) {
        super(message);
    }
}
