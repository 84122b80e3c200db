package dev.leanagent.bridge.file;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a token stream into top-level commands. Lean 3 itself knows a command has ended only when
 * the next command keyword arrives, so we do the same, but only where that keyword cannot belong to
 * the current command: outside every bracket and outside every {@code begin}/{@code match} block
 * (the only constructs that an {@code end} closes inside a term or proof).
 */
final class CommandSplitter {

    /**
     * Token indices, all inclusive: first modifier, the keyword, the last token of the command;
     * {@code unclosed} is the innermost bracket or {@code begin}/{@code match} still open where the
     * command ended (the next command's keyword at column 0, or the end of the file), or -1.
     */
    record Span(int first, int keywordIndex, String keyword, int last, int unclosed) {}

    /** Where a command keyword was found by looking past the modifiers, and what to call it. */
    private record Start(int keywordIndex, String keyword) {}

    private final String text;
    private final List<Token> toks;

    private CommandSplitter(String text, List<Token> toks) {
        this.text = text;
        this.toks = toks;
    }

    static List<Span> split(String text, List<Token> tokens) {
        return new CommandSplitter(text, tokens).run();
    }

    private List<Span> run() {
        List<Span> spans = new ArrayList<>();
        int first = -1;
        Start current = null;
        int brackets = 0;
        int blocks = 0;
        java.util.Deque<Integer> open = new java.util.ArrayDeque<>();
        int i = 0;
        while (i < toks.size()) {
            Token t = toks.get(i);
            boolean top = brackets == 0 && blocks == 0;
            Start start = top || startsColumnZero(t) ? startAt(i) : null;
            // Recovery: a declaration at column 0 while some bracket or block is still open means
            // the previous command is broken; resynchronise instead of swallowing the rest of the
            // file. `end` is excluded because a proof's own `end` very often sits at column 0.
            if (start != null && !top && start.keyword().equals("end")) start = null;
            if (start != null) {
                if (current != null) spans.add(new Span(first, current.keywordIndex(), current.keyword(), i - 1, innermost(open)));
                first = i;
                current = start;
                brackets = 0;
                blocks = 0;
                open.clear();
                i = start.keywordIndex() + 1;
                continue;
            }
            if (current != null && !Keywords.NOTATIONS.contains(current.keyword())) {
                if (Keywords.opens(t)) {
                    brackets++;
                    open.push(i);
                } else if (Keywords.closes(t)) {
                    brackets = Math.max(0, brackets - 1);
                    open.poll();
                } else if (t.is("begin") || t.is("match")) {
                    blocks++;
                    open.push(i);
                } else if (t.is("end")) {
                    blocks = Math.max(0, blocks - 1);
                    open.poll();
                }
            }
            i++;
        }
        if (current != null) spans.add(new Span(first, current.keywordIndex(), current.keyword(), toks.size() - 1, innermost(open)));
        return spans;
    }

    private static int innermost(java.util.Deque<Integer> open) {
        return open.isEmpty() ? -1 : open.peek();
    }

    private boolean startsColumnZero(Token t) {
        return t.start() == 0 || text.charAt(t.start() - 1) == '\n';
    }

    /**
     * A command starts at {@code i} if, after any doc comments, {@code @[...]} attributes and
     * modifier words, a command keyword follows. Looking ahead matters: a doc comment on a
     * structure field or an inductive constructor is followed by {@code (} or {@code |}, not a keyword.
     */
    private Start startAt(int i) {
        int j = i;
        while (j < toks.size()) {
            Token t = toks.get(j);
            if (t.kind() == Token.Kind.DOC_COMMENT) {
                j++;
            } else if (isAttributeOpen(j)) {
                j = matchingBracket(j + 1) + 1;
            } else if (t.is("noncomputable") && j + 1 < toks.size() && toks.get(j + 1).is("theory")) {
                return new Start(j + 1, "noncomputable theory");
            } else if (t.kind() == Token.Kind.IDENT && Keywords.MODIFIERS.contains(t.text())) {
                j++;
            } else {
                break;
            }
        }
        if (j >= toks.size()) return null;
        Token k = toks.get(j);
        if (k.is("#") && j + 1 < toks.size() && adjacent(k, toks.get(j + 1))
                && toks.get(j + 1).kind() == Token.Kind.IDENT && Keywords.HASH_COMMANDS.contains(toks.get(j + 1).text())) {
            return new Start(j + 1, "#" + toks.get(j + 1).text());
        }
        if (k.kind() == Token.Kind.IDENT
                && (Keywords.DECLARATIONS.contains(k.text()) || Keywords.COMMANDS.contains(k.text()))) {
            return new Start(j, k.text());
        }
        return null;
    }

    /** {@code @[} is one token in Lean; {@code @ [} or {@code @foo} (explicit application) are not attributes. */
    private boolean isAttributeOpen(int j) {
        return toks.get(j).is("@") && j + 1 < toks.size() && toks.get(j + 1).is("[")
                && adjacent(toks.get(j), toks.get(j + 1));
    }

    private int matchingBracket(int open) {
        int depth = 0;
        for (int j = open; j < toks.size(); j++) {
            if (toks.get(j).is("[")) depth++;
            else if (toks.get(j).is("]") && --depth == 0) return j;
        }
        return toks.size();
    }

    private static boolean adjacent(Token a, Token b) {
        return a.end() == b.start();
    }
}
