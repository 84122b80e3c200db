package dev.leanagent.agent.prove;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsFileTest {

    private static ProofResult result(String file, String name, String status) {
        return result(file, name, status, null);
    }

    private static ProofResult result(String file, String name, String status, String reason) {
        return new ProofResult(file, name, status, List.of("simp"), reason, 1, 2, 0.5, 0.1, 0.4, true, "automation",
                null, null, new ProofResult.Budgets(100, 600, 50, 5000, 100000), null, 1);
    }

    @Test
    void linesFollowTheDocumentedSchemaAndResumeReadsThemBack(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/results.jsonl");
        try (ResultsFile f = new ResultsFile(out)) {
            f.append(result("a.lean", "x", "proved"));
            f.append(result("b.lean", "y", "failed"));
        }
        Files.writeString(out, Files.readString(out) + "{\"file\": \"a.lean\", \"na", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        List<String> lines = Files.readAllLines(out);
        JsonNode first = ProofResults.json().readTree(lines.get(0));
        for (String field : List.of("file", "name", "status", "proof", "reason", "expansions", "nodes", "seconds",
                "model_seconds", "lean_seconds", "checked", "generator", "model", "template", "budgets", "seed", "attempt")) {
            assertTrue(first.has(field), "field " + field + " in " + lines.get(0));
        }
        assertEquals(5000, first.path("budgets").path("tactic_timeout_ms").asInt());
        assertEquals(Set.of("x"), ResultsFile.finished(out, "a.lean"), "a cut line is skipped, other files ignored");
        assertEquals(Set.of(), ResultsFile.finished(dir.resolve("none.jsonl"), "a.lean"));
    }

    @Test
    void resumeRunsAgainWhatTheEnvironmentFailedAndKeepsWhatTheTheoremDid(@TempDir Path dir) {
        Path out = dir.resolve("results.jsonl");
        try (ResultsFile f = new ResultsFile(out)) {
            f.append(result("a.lean", "no_lean", "error", "the theorem could not be started: lean_unavailable: no Lean "
                    + "process for imports [data.real.basic]: could not resolve import"));
            f.append(result("a.lean", "crashed", "error", "the theorem could not be started: crashed: Lean died"));
            f.append(result("a.lean", "no_check", "error", "the check could not run: Lean did not finish checking a.lean"));
            f.append(result("a.lean", "model", "error", "the tactic generator model failed: out of memory"));
            f.append(result("a.lean", "bad_statement", "error", "the theorem could not be started: statement_error: "
                    + "unknown identifier 'foo'"));
            f.append(result("a.lean", "refused", "error", "the independent check refused the proof: uses sorry "
                    + "(proof found: simp)"));
            f.append(result("a.lean", "fixed", "error", "the theorem could not be started: crashed: Lean died"));
            f.append(result("a.lean", "fixed", "proved"));
            f.append(result("a.lean", "budget", "budget", "expansion budget of 100 reached"));
        }
        assertEquals(Set.of("bad_statement", "refused", "fixed", "budget"), ResultsFile.finished(out, "a.lean"));
    }
}
