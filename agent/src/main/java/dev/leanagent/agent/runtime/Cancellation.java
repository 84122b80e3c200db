package dev.leanagent.agent.runtime;

/**
 * Why a run was cancelled, as the result lines say it ({@code reason} begins with
 * {@code cancelled}, which search/RESULTS.md and ErrorOrigin read as the environment's doing), and
 * the exit status the process ends with (128 + the signal's number, as a shell reports it).
 */
public record Cancellation(String reason, int exitStatus) {

    public static final String REASON_PREFIX = "cancelled";

    /** The cancellation a signal asks for: {@code cancelled: interrupted by SIGTERM}, status 128 + number. */
    public static Cancellation bySignal(String name, int number) {
        return new Cancellation(REASON_PREFIX + ": the run was interrupted by SIG" + name, 128 + number);
    }
}
