package dev.leanagent.agent.serve;

import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;

/**
 * The theorem a request names, as a Lean file held in memory: a statement with its context becomes
 * {@code theorem lean_agent_goal STATEMENT := begin sorry end} after the context, or a whole file's
 * text and a theorem name are taken as they are. The file has no path: nothing on the server's
 * disk is ever read for a request, and Lean compiles the text in its sandbox.
 */
record RequestedTheorem(LeanFile file, Declaration theorem) {

    static final String GOAL_NAME = "lean_agent_goal";

    static RequestedTheorem fromStatement(String context, String statement, ServeLimits limits) {
        if (statement == null || statement.isBlank()) throw ApiError.badRequest("`statement` is missing");
        String ctx = context == null ? "" : context;
        if (statement.length() + ctx.length() > limits.maxStatementChars()) {
            throw ApiError.tooLarge("statement and context are " + (statement.length() + ctx.length())
                    + " characters; at most " + limits.maxStatementChars() + " are accepted");
        }
        String sig = statement.strip();
        // `(n : ℕ) : n + 0 = n` is a signature already; `n + 0 = n` or `∀ n : ℕ, …` is a type.
        if (!(sig.startsWith(":") || sig.startsWith("(") || sig.startsWith("{") || sig.startsWith("[")
                || sig.startsWith("⦃"))) {
            sig = ": " + sig;
        }
        String text = (ctx.isBlank() ? "" : ctx.strip() + "\n\n") + "theorem " + GOAL_NAME + " " + sig
                + " :=\nbegin\n  sorry\nend\n";
        LeanFile file = parse(text);
        Declaration last = file.declarations().isEmpty() ? null : file.declarations().get(file.declarations().size() - 1);
        // A statement that ends its own declaration and starts another is refused, not searched.
        if (last == null || !GOAL_NAME.equals(last.name()) || !last.proofIsSorry()) {
            throw new ApiError(400, "unparsable", "the statement must be one proposition or signature, "
                    + "not text that ends the theorem");
        }
        return new RequestedTheorem(file, last);
    }

    static RequestedTheorem fromFile(String text, String theorem, ServeLimits limits) {
        if (text.length() > limits.maxFileChars()) {
            throw ApiError.tooLarge("the file is " + text.length() + " characters; at most " + limits.maxFileChars()
                    + " are accepted");
        }
        if (theorem == null || theorem.isBlank()) throw ApiError.badRequest("`theorem` is missing (with `file`)");
        LeanFile file = parse(text);
        Declaration d = file.find(theorem).orElseThrow(() -> new ApiError(404, "no_such_theorem",
                "no theorem " + theorem + " in the file; its sorry theorems are "
                        + file.sorryTheorems().stream().map(Declaration::displayName).toList()));
        if (!d.isTheorem() || d.proofStart() < 0) {
            throw new ApiError(400, "not_a_theorem", theorem + " is a " + d.keyword() + ", not a theorem or lemma with a proof");
        }
        return new RequestedTheorem(file, d);
    }

    static LeanFile parse(String text) {
        LeanFile file = LeanFileReader.parse(text, null);
        if (!file.parses()) {
            throw new ApiError(400, "unparsable", "Lean would not parse this text: " + file.unclosed().get(0).describe());
        }
        return file;
    }
}
