package dev.leanagent.bridge.file;

import java.util.List;
import java.util.Set;

/**
 * The words that start top-level Lean 3 commands. Every one of them is a reserved token in Lean 3
 * (mathlib's user commands included, once declared), so none can occur as an ordinary identifier:
 * seeing one at depth 0 is enough to know a new command begins.
 */
final class Keywords {

    static final Set<String> DECLARATIONS = Set.of(
            "theorem", "lemma", "def", "definition", "example", "instance", "axiom", "axioms",
            "constant", "constants", "abbreviation", "structure", "class", "inductive", "coinductive",
            "irreducible_def");

    static final Set<String> COMMANDS = Set.of(
            "import", "open", "open_locale", "universe", "universes", "variable", "variables",
            "parameter", "parameters", "include", "omit", "attribute", "notation", "infix", "infixl",
            "infixr", "prefix", "postfix", "reserve", "precedence", "set_option", "namespace", "section",
            "end", "run_cmd", "localized", "export", "add_decl_doc", "library_note", "restate_axiom",
            "alias", "initialize_simps_projections", "mk_simp_attribute", "add_tactic_doc",
            "declare_trace", "setup_tactic_parser", "add_hint_tactic", "import_private");

    /**
     * Words after {@code #} that make a command. A list, because {@code #} is also notation
     * ({@code #R} is the cardinality of {@code R}) and may open a line of a statement.
     */
    static final Set<String> HASH_COMMANDS = Set.of(
            "eval", "check", "print", "reduce", "exit", "help", "find", "lint", "explode", "simp", "dsimp",
            "norm_num", "where", "list_unused_decls", "sample", "conv", "unify", "find_unused", "ring_exp");

    /** Notation commands quote symbols in backticks (`` `(` ``), so their brackets need not balance. */
    static final Set<String> NOTATIONS = Set.of(
            "notation", "infix", "infixl", "infixr", "prefix", "postfix", "reserve", "precedence");

    /** Words that may precede a command keyword; `noncomputable theory` is handled on its own. */
    static final Set<String> MODIFIERS = Set.of("private", "protected", "noncomputable", "meta", "mutual", "local");

    /** Tokens a proof may consist of, besides `sorry`/`admit`, and still be "nothing but sorry". */
    static final Set<String> SORRY_WRAPPERS = Set.of("begin", "end", "by", "{", "}", "(", ")", ",", ";");

    private static final List<String> OPENERS = List.of("(", "[", "{", "⟨", "⦃", "‹", "⟪", "⁅");
    private static final List<String> CLOSERS = List.of(")", "]", "}", "⟩", "⦄", "›", "⟫", "⁆");

    private Keywords() {}

    static boolean opens(Token t) {
        return t.kind() == Token.Kind.SYMBOL && OPENERS.contains(t.text());
    }

    static boolean closes(Token t) {
        return t.kind() == Token.Kind.SYMBOL && CLOSERS.contains(t.text());
    }

    static boolean isSorry(Token t) {
        return t.kind() == Token.Kind.IDENT && (t.text().equals("sorry") || t.text().equals("admit"));
    }

    static boolean isKeyword(Token t) {
        return t.kind() == Token.Kind.IDENT
                && (DECLARATIONS.contains(t.text()) || COMMANDS.contains(t.text()) || MODIFIERS.contains(t.text()));
    }
}
