package dev.leanagent.bridge.file;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Lean 3 source into tokens, precisely enough to find commands and their parts: comments
 * (nested block comments included) and strings must never be mistaken for code, and identifiers
 * must be whole (`h'`, `x₁`, `nat.succ`, `«weird name»`). It does not know Lean's notation table,
 * so operators made of several symbols come out one character at a time, except `:=`.
 */
public final class LeanLexer {

    private final String src;
    private int pos;

    private LeanLexer(String src) {
        this.src = src;
    }

    public static List<Token> tokenize(String src) {
        return new LeanLexer(src).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            int start = pos;
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (src.startsWith("--", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
            } else if (src.startsWith("/--", pos) && !src.startsWith("/--/", pos)) {
                skipBlockComment();
                out.add(new Token(Token.Kind.DOC_COMMENT, src.substring(start, pos), start, pos));
            } else if (src.startsWith("/-", pos)) {
                skipBlockComment();
            } else if (c == '"') {
                skipString();
                out.add(new Token(Token.Kind.STRING, src.substring(start, pos), start, pos));
            } else if (c == '\'' && isCharLiteral()) {
                out.add(new Token(Token.Kind.STRING, src.substring(start, pos), start, pos));
            } else if (isIdentStart(c) || isNameQuote()) {
                // A quoted name (`instance, ``foo) is one identifier: its word is data, never a keyword.
                while (src.charAt(pos) == '`') pos++;
                readIdent();
                out.add(new Token(Token.Kind.IDENT, src.substring(start, pos), start, pos));
            } else if (Character.isDigit(c)) {
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                        && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) pos++;
                out.add(new Token(Token.Kind.NUMBER, src.substring(start, pos), start, pos));
            } else if (src.startsWith(":=", pos)) {
                pos += 2;
                out.add(new Token(Token.Kind.SYMBOL, ":=", start, pos));
            } else {
                pos += Character.charCount(src.codePointAt(pos));
                out.add(new Token(Token.Kind.SYMBOL, src.substring(start, pos), start, pos));
            }
        }
        return out;
    }

    private void skipBlockComment() {
        int depth = 0;
        while (pos < src.length()) {
            if (src.startsWith("/-", pos)) {
                depth++;
                pos += 2;
            } else if (src.startsWith("-/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) return;
            } else {
                pos++;
            }
        }
    }

    private void skipString() {
        pos++;
        while (pos < src.length() && src.charAt(pos) != '"') {
            pos += src.charAt(pos) == '\\' ? 2 : 1;
        }
        pos = Math.min(pos + 1, src.length());
    }

    /** `'a'` or `'\n'`; a quote after an identifier is part of that identifier and never gets here. */
    private boolean isCharLiteral() {
        int close = src.charAt(pos + 1 < src.length() ? pos + 1 : pos) == '\\' ? pos + 3 : pos + 2;
        if (close < src.length() && src.charAt(close) == '\'') {
            pos = close + 1;
            return true;
        }
        return false;
    }

    /** `` `name `` or ``` ``name ```; a backtick before a symbol (`` `[simp] ``, `` `(e) ``) is left alone. */
    private boolean isNameQuote() {
        int p = pos;
        while (p < src.length() && p - pos < 2 && src.charAt(p) == '`') p++;
        return p > pos && p < src.length() && isIdentStart(src.charAt(p));
    }

    private void readIdent() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '«') {
                int close = src.indexOf('»', pos);
                pos = close < 0 ? src.length() : close + 1;
            } else if (isIdentRest(c)) {
                pos++;
            } else if (c == '.' && pos + 1 < src.length() && isIdentStart(src.charAt(pos + 1))) {
                pos++;
            } else {
                return;
            }
        }
    }

    static boolean isIdentStart(char c) {
        if (c == 'λ' || c == 'Π' || c == 'Σ') return false;  // binders, not letters, in Lean 3
        return c == '_' || c == '«' || Character.isLetter(c) || isSubscript(c);
    }

    private static boolean isIdentRest(char c) {
        return isIdentStart(c) || Character.isDigit(c) || c == '\'' || c == '!' || c == '?';
    }

    private static boolean isSubscript(char c) {
        return (c >= '\u2080' && c <= '\u209C') || c == '\u1D62' || c == '\u2C7C';
    }
}
