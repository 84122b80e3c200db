package dev.leanagent.bridge.repl;

/**
 * An error the REPL answered with: {@code kind} is one of the kinds in PROTOCOL.md
 * ({@code parse_error}, {@code leftover_text}, {@code tactic_failed}, {@code timeout},
 * {@code proof_rejected}, {@code context_error}, {@code statement_error}, ...).
 */
public record ReplError(String kind, String message) {
}
