package dev.leanagent.bridge.file;

import java.util.List;

/**
 * One declaration command of a Lean 3 file, cut into the parts a prover needs.
 *
 * @param keyword     the declaring word: theorem, lemma, def, example, instance, structure, ...
 *                    (never a modifier such as {@code private} or {@code meta})
 * @param name        the name as written, or null for {@code example} and anonymous instances
 * @param fullName    the enclosing namespaces and the name, dot-joined (a {@code _root_.} name
 *                    ignores them); null when {@code name} is
 * @param namespaces  the open {@code namespace}s, outermost first, each as written after {@code namespace}
 * @param statement   the source from the first modifier (doc comment included) up to the
 *                    top-level {@code :=}, trimmed
 * @param binders     the text between the name (or keyword) and the top-level {@code :} of the type
 * @param type        the text after that colon up to {@code :=}, trimmed; "" if there is no colon
 * @param proof       the text after {@code :=} to the last token of the command; null without
 *                    {@code :=}. For equation-compiler definitions ({@code | 0 := ...} on new lines)
 *                    it starts at the first {@code |} instead, and a replacement must bring its own.
 * @param start       offset of the first modifier, doc comment included
 * @param end         offset just past the last token (trailing comments and blank lines excluded)
 * @param proofStart  offset of {@code proof} in the file text, or -1
 * @param proofEnd    offset just past {@code proof}, or -1
 * @param proofIsSorry the proof is nothing but {@code sorry}/{@code admit}, possibly wrapped in
 *                    {@code begin ... end}, {@code by}, braces, parentheses, commas
 * @param usesSorry   a {@code sorry} or {@code admit} token occurs somewhere in the proof
 * @param line        1-based line of the keyword
 */
public record Declaration(
        String keyword, String name, String fullName, List<String> namespaces,
        String statement, String binders, String type, String proof,
        int start, int end, int proofStart, int proofEnd,
        boolean proofIsSorry, boolean usesSorry, int line) {

    public Declaration {
        namespaces = List.copyOf(namespaces);
    }

    public boolean isTheorem() {
        return keyword.equals("theorem") || keyword.equals("lemma");
    }

    /** A name for logs and reports that also works for declarations without one. */
    public String displayName() {
        return fullName != null ? fullName : keyword + "@line " + line;
    }
}
