package dev.leanagent.bridge.repl;

import dev.leanagent.bridge.LeanTestSupport;
import dev.leanagent.bridge.check.CheckReport;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path every later issue takes: read a file, start each sorry theorem in the REPL from its
 * statement and context, prove it, write the proofs back, and have `check` accept the result.
 */
class FileToReplIntegrationTest {

    private static final String FILE = """
            open nat

            variables (k : ℕ)

            namespace demo

            def double (n : ℕ) : ℕ := n + n

            theorem double_eq (n : ℕ) : double n = n + n := rfl

            lemma broken_helper : double 1 = 3 := sorry

            theorem uses_double (m : ℕ) (h : m = 2) : double m = 4 :=
            begin
              sorry
            end

            theorem with_variable : k + 0 = k := sorry

            end demo
            """;

    @Test
    void proveSorryTheoremsFromAFileAndCheckTheWrittenProofs() throws Exception {
        var lean = LeanTestSupport.toolchainOrSkip("file-to-REPL integration test");
        LeanFile file = LeanFileReader.parse(FILE, null);
        List<Declaration> targets = file.sorryTheorems();
        assertEquals(List.of("demo.broken_helper", "demo.uses_double", "demo.with_variable"),
                targets.stream().map(Declaration::fullName).toList());
        Map<String, String> script = Map.of(
                "demo.uses_double", "rw [h, double_eq]",
                "demo.with_variable", "refl");
        Map<Declaration, String> proofs = new LinkedHashMap<>();
        try (ReplProcess repl = ReplProcess.start(lean, LeanTestSupport.sandbox(), ReplSettings.defaults())) {
            for (Declaration d : targets) {
                ProofState s = repl.start(StartRequest.statement(file.contextFor(d), d.binders(), d.type())).state();
                if (d.fullName().equals("demo.with_variable")) {
                    assertEquals("k", s.goals().get(0).hyps().get(0).name(), s.pretty());
                }
                if (d.fullName().equals("demo.broken_helper")) {
                    assertFalse(repl.tactic(s.id(), "refl").ok(), "double 1 = 3 closed by refl");
                    continue;
                }
                ProofState done = repl.tactic(s.id(), script.get(d.fullName())).state();
                assertTrue(done.complete(), d.fullName() + ": " + done.pretty());
                proofs.put(d, "begin\n  " + script.get(d.fullName()) + "\nend");
            }
            // The sorry lemma is not in the context of later theorems.
            Declaration later = file.find("demo.uses_double").orElseThrow();
            ProofState s = repl.start(StartRequest.statement(file.contextFor(later), later.binders(), later.type())).state();
            assertEquals("tactic_failed", repl.tactic(s.id(), "exact broken_helper").error().kind());
        }
        LeanFile written = LeanFileReader.parse(file.withProofs(proofs), null);
        ProofChecker checker = new ProofChecker(lean, LeanTestSupport.sandbox(), List.of(), 2048, Duration.ofSeconds(300));
        CheckReport report = checker.check(written);
        Map<String, Boolean> ok = new LinkedHashMap<>();
        report.verdicts().forEach(v -> ok.put(v.name(), v.ok()));
        assertEquals(Map.of("demo.double_eq", true, "demo.broken_helper", false, "demo.uses_double", true,
                "demo.with_variable", true), ok, report.toString());
    }
}
