package dev.leanagent.bridge.file;

import java.util.ArrayList;
import java.util.List;

/** Cuts one declaration command into name, binders, type and proof. */
final class DeclarationParser {

    private DeclarationParser() {}

    static Declaration parse(String text, List<Token> toks, CommandSplitter.Span span,
                             List<String> namespaces, LineIndex lines) {
        int last = span.last();
        Token keywordToken = toks.get(span.keywordIndex());
        String keyword = keywordToken.text();
        int head = span.keywordIndex();  // last token before the binders
        boolean inductive = keyword.equals("inductive") || keyword.equals("coinductive");
        if (keyword.equals("class") && head < last && toks.get(head + 1).is("inductive")) {
            head++;
            inductive = true;
        }
        String name = null;
        if (!keyword.equals("example") && head < last && toks.get(head + 1).kind() == Token.Kind.IDENT
                && !Keywords.isKeyword(toks.get(head + 1))) {
            head++;
            name = toks.get(head).text();
        }

        // Find the colon before the type and the start of the body, outside all brackets and
        // blocks: a type may itself be computed by `begin ... end` with `have h : t := e` inside.
        int colon = -1;
        int body = -1;
        int constructors = -1;
        int depth = 0;
        for (int j = head + 1; j <= last; j++) {
            Token t = toks.get(j);
            if (Keywords.opens(t) || t.is("begin") || t.is("match")) {
                depth++;
            } else if (Keywords.closes(t) || t.is("end")) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                if (t.is(":=")) {
                    body = j;
                    break;
                }
                // Constructors of an inductive type end its header and there is no body. For other
                // declarations, `|` starts equation-compiler cases only where it opens a line right
                // after a complete type; an absolute value (`:\n  |x - y| ≤ 1`) follows an operator.
                if (t.is("|") && inductive) {
                    constructors = j;
                    break;
                }
                if (t.is("|") && LineIndex.startsLine(text, t.start()) && endsTerm(toks.get(j - 1))) {
                    body = j;
                    break;
                }
                if (t.is(":") && colon < 0) colon = j;
            }
        }

        int start = toks.get(span.first()).start();
        int end = toks.get(last).end();
        int headerEnd = body >= 0 ? toks.get(body).start() : end;
        // An inductive type's statement is the whole command, but its type stops at the constructors.
        // Doc comments on the first constructor belong to it, not to the type.
        int typeEnd = headerEnd;
        if (constructors >= 0) {
            int k = constructors - 1;
            while (k > head && toks.get(k).kind() == Token.Kind.DOC_COMMENT) k--;
            typeEnd = toks.get(k).end();
        }
        int nameEnd = toks.get(head).end();
        String binders = text.substring(nameEnd, colon >= 0 ? toks.get(colon).start() : typeEnd).trim();
        String type = colon >= 0 ? text.substring(toks.get(colon).end(), typeEnd).trim() : "";

        int proofStart = -1;
        int proofEnd = -1;
        int firstProofToken = body < 0 ? last + 1 : toks.get(body).is(":=") ? body + 1 : body;
        if (body >= 0) {
            proofStart = firstProofToken <= last ? toks.get(firstProofToken).start() : toks.get(body).end();
            proofEnd = firstProofToken <= last ? end : proofStart;
        }
        List<Token> proofTokens = toks.subList(firstProofToken, last + 1);
        boolean usesSorry = proofTokens.stream().anyMatch(Keywords::isSorry);
        boolean onlySorry = body >= 0 && toks.get(body).is(":=") && usesSorry
                && proofTokens.stream().allMatch(t -> Keywords.isSorry(t)
                        || t.kind() == Token.Kind.IDENT && Keywords.SORRY_WRAPPERS.contains(t.text())
                        || t.kind() == Token.Kind.SYMBOL && Keywords.SORRY_WRAPPERS.contains(t.text()));

        return new Declaration(keyword, name, fullName(namespaces, name), namespaces,
                text.substring(start, headerEnd).trim(), binders, type,
                proofStart < 0 ? null : text.substring(proofStart, proofEnd),
                start, end, proofStart, proofEnd, onlySorry, usesSorry, lines.lineOf(keywordToken.start()));
    }

    private static boolean endsTerm(Token t) {
        return t.kind() != Token.Kind.SYMBOL || Keywords.closes(t) || t.text().equals("*");
    }

    private static String fullName(List<String> namespaces, String name) {
        if (name == null) return null;
        if (name.startsWith("_root_.")) return name.substring("_root_.".length());
        List<String> parts = new ArrayList<>(namespaces);
        parts.add(name);
        return String.join(".", parts);
    }
}
