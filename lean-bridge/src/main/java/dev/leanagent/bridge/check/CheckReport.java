package dev.leanagent.bridge.check;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of checking one file: a verdict per theorem, lemma and example, and the errors
 * Lean reported outside any of them (an unknown import, an error in the preamble).
 */
public record CheckReport(Path file, List<Verdict> verdicts, List<String> fileErrors) {

    public CheckReport {
        verdicts = List.copyOf(verdicts);
        fileErrors = List.copyOf(fileErrors);
    }

    public boolean allOk() {
        return fileErrors.isEmpty() && verdicts.stream().allMatch(Verdict::ok);
    }

    public List<Verdict> failures() {
        return verdicts.stream().filter(v -> !v.ok()).toList();
    }
}
