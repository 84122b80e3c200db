package dev.leanagent.agent.cli;

import dev.leanagent.bridge.check.CheckReport;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.check.Verdict;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.Unclosed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a file that does not parse is refused before any search: where the reader found a command
 * left open, and what Lean itself says, with positions. Searching such a file would prove a cut
 * theorem ({@code begin sorry} with no {@code end}), skip the next one without a word, and write
 * back text the user never wrote.
 */
final class Unparsable {

    private Unparsable() {
    }

    static String explain(LeanFile file, ProofChecker checker) {
        List<String> lines = new ArrayList<>();
        lines.add(file.path() + " does not parse; fix it, then prove:");
        for (Unclosed u : file.unclosed()) lines.add("  " + u.describe());
        try {
            CheckReport report = checker.check(file);
            for (String e : report.fileErrors()) lines.add("  Lean: " + e);
            for (Verdict v : report.failures()) {
                if (v.reason().startsWith("error at ")) lines.add("  Lean: " + v.name() + ": " + v.reason());
            }
        } catch (IOException e) {
            lines.add("  (Lean's own messages could not be had: " + e.getMessage() + ")");
        }
        return String.join("\n", lines);
    }
}
