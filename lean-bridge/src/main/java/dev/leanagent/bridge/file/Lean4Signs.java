package dev.leanagent.bridge.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Signs that a file is Lean 4, which the Lean 3 reader would misread without a word (a Lean 4
 * proof {@code := by} on its own line has no {@code sorry} it can see, so the file seemed to hold
 * nothing to prove). Only constructs Lean 3 cannot parse count, so a Lean 3 file never shows one.
 */
public final class Lean4Signs {

    /** Roots of Lean 4 libraries; Lean 3's own modules are lower case ({@code init}, {@code data}). */
    private static final Set<String> LEAN4_ROOTS = Set.of("Mathlib", "Std", "Batteries", "Lean", "Aesop", "Init",
            "Qq", "ProofWidgets", "Lake");

    private Lean4Signs() {
    }

    /** Each sign found, as {@code line N: what}; empty for a file that reads as Lean 3. */
    public static List<String> of(String text) {
        List<Token> toks = LeanLexer.tokenize(text);
        LineIndex lines = new LineIndex(text);
        List<String> signs = new ArrayList<>();
        // Lean 4 has no begin … end: a file that uses it is Lean 3, whatever layout its `by`s have.
        boolean lean3Blocks = toks.stream().anyMatch(t -> t.is("begin"));
        for (int i = 0; i < toks.size(); i++) {
            Token t = toks.get(i);
            if (t.is("import") && i + 1 < toks.size() && toks.get(i + 1).kind() == Token.Kind.IDENT
                    && LEAN4_ROOTS.contains(toks.get(i + 1).text().split("\\.")[0])) {
                signs.add("line " + lines.lineOf(t.start()) + ": import " + toks.get(i + 1).text());
            } else if (t.is("fun") || t.is("λ")) {
                int arrow = arrowBeforeComma(toks, i + 1);
                if (arrow > 0) {
                    signs.add("line " + lines.lineOf(t.start()) + ": " + t.text() + " … => (Lean 3 writes λ x, …)");
                }
            } else if (t.is("by") && !lean3Blocks && tacticsBelow(text, toks, i, lines)) {
                signs.add("line " + lines.lineOf(t.start()) + ": `by` with its tactics on the lines below (Lean 3 writes begin … end)");
            }
        }
        return signs;
    }

    /** The index of an {@code =>} of the same binder list, before its {@code ,} or the line's end; -1 if none. */
    private static int arrowBeforeComma(List<Token> toks, int from) {
        for (int j = from; j + 1 < toks.size(); j++) {
            Token t = toks.get(j);
            if (t.is(",") || t.is(":=")) return -1;
            if (t.is("=") && toks.get(j + 1).is(">") && t.end() == toks.get(j + 1).start()) return j;
        }
        return -1;
    }

    /**
     * {@code by} ending its line with the tactics indented below it: Lean 4's layout. Lean 3 can
     * parse it (one tactic), but writes {@code by simp} on one line or {@code begin … end}.
     */
    private static boolean tacticsBelow(String text, List<Token> toks, int by, LineIndex lines) {
        if (by + 1 >= toks.size()) return false;
        Token next = toks.get(by + 1);
        return lines.lineOf(next.start()) > lines.lineOf(toks.get(by).start()) && LineIndex.startsLine(text, next.start())
                && lines.columnOf(next.start()) > 0;
    }
}
