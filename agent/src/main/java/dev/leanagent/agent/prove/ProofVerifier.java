package dev.leanagent.agent.prove;

import dev.leanagent.bridge.check.CheckReport;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.check.Verdict;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The independent check of a found proof: the whole file, with this proof in place of the
 * theorem's {@code sorry}, compiled by a fresh sandboxed Lean (see DESIGN.md, "What proved means").
 */
public final class ProofVerifier {

    private final ProofChecker checker;

    public ProofVerifier(ProofChecker checker) {
        this.checker = checker;
    }

    /** The proof as Lean source: a tactic block, one tactic per line. */
    public static String text(List<String> tactics) {
        if (tactics.isEmpty()) return "begin\nend";
        return "begin\n  " + String.join(",\n  ", tactics) + "\nend";
    }

    /** The proof as it goes in place of the theorem's: on a line of its own. */
    public static String placed(LeanFile file, Declaration theorem, List<String> tactics) {
        int i = theorem.proofStart() - 1;
        while (i >= 0 && (file.text().charAt(i) == ' ' || file.text().charAt(i) == '\t')) i--;
        boolean ownLine = i < 0 || file.text().charAt(i) == '\n';
        return (ownLine ? "" : "\n") + text(tactics);
    }

    /**
     * Empty when accepted; otherwise the checker's reason. The file is checked with this proof in
     * place and the other theorems that use {@code sorry} removed: they could not help the proof
     * (the search never saw them), and compiling them would only cost time (miniF2F's files hold
     * hundreds).
     */
    public Optional<String> refusal(LeanFile file, Declaration theorem, List<String> tactics) {
        Set<Declaration> others = file.declarations().stream()
                .filter(d -> d != theorem && d.usesSorry()).collect(Collectors.toSet());
        String text = file.edited(Map.of(theorem, placed(file, theorem, tactics)), others);
        CheckReport report;
        try {
            report = checker.check(LeanFileReader.parse(text, file.path()));
        } catch (IOException | RuntimeException e) {
            return Optional.of("the check could not run: " + e.getMessage());
        }
        for (Verdict v : report.verdicts()) {
            if (v.name().equals(theorem.displayName())) {
                return v.ok() ? Optional.empty() : Optional.of("the independent check refused the proof: " + v.reason());
            }
        }
        return Optional.of("the independent check gave no verdict for " + theorem.displayName()
                + (report.fileErrors().isEmpty() ? "" : ": " + report.fileErrors().get(0)));
    }
}
