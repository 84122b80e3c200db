package dev.leanagent.bridge.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;

/**
 * A parsed Lean 3 source file: its imports, the commands that declare nothing, and the declarations,
 * all with offsets into {@code text}.
 *
 * @param path         where it was read from, or null when parsed from a string
 * @param imports      module names of the {@code import} commands, in order
 * @param preamble     every non-declaration command in order (imports, open, namespace, end, #eval, ...)
 * @param declarations every declaration in order
 * @param unclosed     the commands that end with a bracket or block still open: where the file does not parse
 */
public record LeanFile(Path path, String text, List<String> imports, List<Command> preamble,
                       List<Declaration> declarations, List<Unclosed> unclosed) {

    public LeanFile {
        Objects.requireNonNull(text, "text");
        imports = List.copyOf(imports);
        preamble = List.copyOf(preamble);
        declarations = List.copyOf(declarations);
        unclosed = List.copyOf(unclosed);
    }

    /** True when the reader found a command left open: Lean will not parse the file as written. */
    public boolean parses() {
        return unclosed.isEmpty();
    }

    /** The declaration whose text holds {@code offset}, trailing blanks up to the next one included. */
    public Optional<Declaration> declarationAt(int offset) {
        Declaration found = null;
        for (Declaration d : declarations) {
            if (d.start() <= offset) found = d;
            else break;
        }
        if (found == null) return Optional.empty();
        int next = nextStart(found);
        return offset < next ? Optional.of(found) : Optional.empty();
    }

    /** Where the command after {@code d} begins (a declaration or any other command), or the end of the text. */
    private int nextStart(Declaration d) {
        int next = text.length();
        for (Declaration e : declarations) if (e.start() > d.start()) next = Math.min(next, e.start());
        for (Command c : preamble) if (c.start() > d.start()) next = Math.min(next, c.start());
        return next;
    }

    /**
     * The text a REPL must run, after importing {@link #imports()}, to stand where {@code d} begins.
     * Earlier declarations that use {@code sorry} are left out (a prover should not build on
     * unproved facts, and Lean would warn on each), and so are {@code #} commands (they only print
     * and can be slow). Each removed span becomes a newline so that its neighbours stay apart.
     */
    public String contextFor(Declaration d) {
        requireOwn(d);
        int from = preamble.stream().filter(c -> c.keyword().equals("import"))
                .mapToInt(Command::end).max().orElse(0);
        List<int[]> cuts = new ArrayList<>();
        for (Declaration e : declarations) {
            if (e.start() < d.start() && e.start() >= from && e.usesSorry()) cuts.add(new int[] {e.start(), e.end()});
        }
        for (Command c : preamble) {
            if (c.start() < d.start() && c.start() >= from && c.isHashCommand()) cuts.add(new int[] {c.start(), c.end()});
        }
        cuts.sort(Comparator.comparingInt(c -> c[0]));
        StringBuilder out = new StringBuilder();
        int at = from;
        for (int[] cut : cuts) {
            out.append(text, at, cut[0]).append('\n');
            at = cut[1];
        }
        return out.append(text, at, d.start()).toString();
    }

    /**
     * The file text with the proofs of the given declarations replaced. Replacing from the last
     * span backwards keeps every earlier offset valid.
     *
     * @throws IllegalArgumentException for a declaration that is not from this file or has no proof
     */
    public String withProofs(Map<Declaration, String> proofs) {
        return edited(proofs, Set.of());
    }

    /**
     * The file text with the proofs of some declarations replaced and other declarations removed
     * whole (for checking one proof without compiling the file's other {@code sorry} theorems).
     */
    public String edited(Map<Declaration, String> proofs, Set<Declaration> removed) {
        record Edit(int start, int end, String text) {
        }
        List<Edit> edits = new ArrayList<>();
        for (Map.Entry<Declaration, String> e : proofs.entrySet()) {
            Declaration d = e.getKey();
            requireOwn(d);
            if (d.proofStart() < 0) throw new IllegalArgumentException(d.displayName() + " has no proof to replace");
            if (removed.contains(d)) throw new IllegalArgumentException(d.displayName() + " cannot be both proved and removed");
            edits.add(new Edit(d.proofStart(), d.proofEnd(), Objects.requireNonNull(e.getValue(), "proof text")));
        }
        for (Declaration d : removed) {
            requireOwn(d);
            edits.add(new Edit(d.start(), d.end(), ""));
        }
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(text);
        for (Edit e : edits) out.replace(e.start(), e.end(), e.text());
        return out.toString();
    }

    /** By full name first, so that {@code foo.bar} wins over some other declaration named {@code foo.bar}. */
    public Optional<Declaration> find(String name) {
        return declarations.stream().filter(d -> name.equals(d.fullName())).findFirst()
                .or(() -> declarations.stream().filter(d -> name.equals(d.name())).findFirst());
    }

    /** The theorems and lemmas left for a prover: those whose whole proof is {@code sorry}. */
    public List<Declaration> sorryTheorems() {
        return declarations.stream().filter(d -> d.isTheorem() && d.proofIsSorry()).toList();
    }

    private void requireOwn(Declaration d) {
        if (!declarations.contains(d)) {
            throw new IllegalArgumentException("not a declaration of this file: " + d.displayName());
        }
    }
}
