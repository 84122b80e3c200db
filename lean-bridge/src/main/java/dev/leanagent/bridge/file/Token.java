package dev.leanagent.bridge.file;

/** A token of Lean 3 source with its character offsets; comments and whitespace are not tokens. */
public record Token(Kind kind, String text, int start, int end) {

    public enum Kind { IDENT, SYMBOL, STRING, NUMBER, DOC_COMMENT }

    public boolean is(String s) {
        return text.equals(s) && kind != Kind.STRING && kind != Kind.DOC_COMMENT;
    }
}
