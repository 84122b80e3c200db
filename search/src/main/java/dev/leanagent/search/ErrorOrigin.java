package dev.leanagent.search;


import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether an {@code error} result came from the environment (Lean could not start, a process
 * crashed or hung, the generator or the check could not run, the run was cancelled) or from the
 * theorem (its statement does not elaborate, the check refused the proof). Only the first kind is
 * worth running again on {@code --resume}, after the set-up is fixed. Read from the reason's
 * kind, as search/RESULTS.md documents it.
 */
public final class ErrorOrigin {

    /** Error kinds of the pool and the REPL (lean-bridge/PROTOCOL.md, PoolErrors) that say nothing about the theorem. */
    private static final Set<String> ENVIRONMENT_KINDS = Set.of("lean_unavailable", "crashed", "timeout", "pool_stopped",
            "overloaded", "replay_failed", "unknown_handle", "internal_error");
    private static final String NOT_STARTED = "the theorem could not be started: ";
    /** Reasons written when a port or the run itself failed, not the theorem. */
    private static final List<String> ENVIRONMENT_PREFIXES = List.of("the proof environment failed", "the tactic generator ",
            "the search failed", "the check could not run", "interrupted", "cancelled");

    private ErrorOrigin() {
    }

    /** True for an {@code error} (or {@code cancelled}) result the environment caused: run the theorem again. */
    public static boolean fromEnvironment(ProofResult r) {
        if ("cancelled".equals(r.status())) return true;
        if (!ProofResult.ERROR.equals(r.status())) return false;
        String reason = r.reason() == null ? "" : r.reason().toLowerCase(Locale.ROOT);
        if (reason.startsWith(NOT_STARTED)) {
            String rest = reason.substring(NOT_STARTED.length());
            int colon = rest.indexOf(':');
            return colon > 0 && ENVIRONMENT_KINDS.contains(rest.substring(0, colon).strip());
        }
        return ENVIRONMENT_PREFIXES.stream().anyMatch(reason::startsWith);
    }
}
