package dev.leanagent.bridge.repl;

import java.util.List;

/**
 * A proof state held by one REPL process. {@code id} is local to that process; {@code canonical}
 * (printed with fixed options) is what identifies equal states across processes and runs.
 * {@code complete} is true only after the REPL's check of the whole proof term passed.
 */
public record ProofState(int id, boolean complete, List<Goal> goals, String pretty, String canonical) {
}
