package dev.leanagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leanagent.search.ProofResults;
import dev.leanagent.bridge.check.CheckReport;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.check.Verdict;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `prove` on the examples file with a real Lean 3, the automation generator, and `check` of what it wrote. */
class ProveEndToEndTest {

    private LeanToolchain lean;

    @BeforeEach
    void needsLean() {
        lean = LeanTests.toolchainOrSkip("prove end-to-end tests");
    }

    @Test
    void provesTheExamplesAndEveryWrittenProofPassesTheCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("core.lean");
        Files.copy(Path.of("..", "examples", "core.lean"), file);
        Path out = dir.resolve("results.jsonl");
        Path written = dir.resolve("core-proved.lean");
        assertEquals(0, Main.run("prove", file.toString(), "--out", out.toString(), "--write-proofs", written.toString(),
                "--workers", "2", "--expansions", "20"));

        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out)) lines.add(ProofResults.json().readTree(l));
        assertEquals(3, lines.size(), lines.toString());
        for (JsonNode r : lines) {
            assertEquals("proved", r.path("status").asText(), r.toString());
            assertTrue(r.path("checked").asBoolean());
            assertTrue(r.path("proof").size() > 0);
        }
        List<String> names = lines.stream().map(r -> r.path("name").asText()).sorted().toList();
        assertEquals(List.of("examples.or_comm'", "examples.succ_pos'", "examples.two_add_two"), names);

        CheckReport report = new ProofChecker(lean, Sandbox.detect(), List.of(), 4096, Duration.ofMinutes(5))
                .check(written);
        assertTrue(report.fileErrors().isEmpty(), report.fileErrors().toString());
        assertEquals(5, report.verdicts().size());
        for (Verdict v : report.verdicts()) assertTrue(v.ok(), v.render());

        // resuming finds nothing left to do and appends nothing
        assertEquals(0, Main.run("prove", file.toString(), "--out", out.toString(), "--resume"));
        assertEquals(3, Files.readAllLines(out).size());
    }

    @Test
    void aTheoremBeyondTheBudgetIsReportedWithItsStatus(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hard.lean");
        Files.writeString(file, "theorem hard (a b c : ℕ) : a * (b + c) * a = a * a * c + b * a * a := sorry\n");
        Path out = dir.resolve("r.jsonl");
        assertEquals(0, Main.run("prove", file.toString(), "--out", out.toString(), "--expansions", "3"));
        JsonNode r = ProofResults.json().readTree(Files.readAllLines(out).get(0));
        assertTrue(List.of("budget", "failed").contains(r.path("status").asText()), r.toString());
        assertTrue(r.path("reason").asText().length() > 0, r.toString());
        assertTrue(r.path("proof").isEmpty());
    }

    @Test
    void theCheckRefusesAProofThatLeansOnASorryLemma(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cheat.lean");
        Files.writeString(file, "lemma helper : 2 + 2 = 5 := sorry\n\ntheorem uses_helper : 2 + 2 = 5 := sorry\n\n"
                + "lemma fine : 2 + 2 = 4 := rfl\n\ntheorem uses_fine : 2 + 2 = 4 := sorry\n");
        var lean = dev.leanagent.bridge.file.LeanFileReader.read(file);
        var verifier = new dev.leanagent.agent.prove.ProofVerifier(
                new ProofChecker(this.lean, Sandbox.detect(), List.of(), 4096, Duration.ofMinutes(5)));
        Optional<String> refused = verifier.refusal(lean, lean.find("uses_helper").orElseThrow(), List.of("exact helper"));
        assertTrue(refused.isPresent() && refused.get().contains("refused"), refused.toString());
        assertEquals(Optional.empty(), verifier.refusal(lean, lean.find("uses_fine").orElseThrow(), List.of("exact fine")));
    }

    @Test
    void aMissingImportIsASetUpErrorThatNamesTheModuleAndTheLeanPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("needs_mathlib.lean");
        Files.writeString(file, "import data.real.basic\n\ntheorem two : (2 : ℝ) = 2 := sorry\n");
        Path out = dir.resolve("r.jsonl");
        String err = captureErr(() -> assertEquals(2, Main.run("prove", file.toString(), "--out", out.toString())));
        assertTrue(err.contains("imports data.real.basic, which is not on Lean's path") && err.contains("--lean-path MATHLIB/src"), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(!Files.exists(out), "no theorem was run, so no result was written");

        Path local = dir.resolve("local.lean");
        Files.writeString(local, "import my.helpers\n\ntheorem t : true := sorry\n");
        err = captureErr(() -> assertEquals(2, Main.run("prove", local.toString())));
        assertTrue(err.contains("imports my.helpers") && err.contains("holds my/helpers.lean"), err);
    }

    @Test
    void aFileThatDoesNotParseIsRefusedWithLeansMessagesBeforeAnySearch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.lean");
        Files.writeString(file, "theorem broken : 1 + 1 = 2 := begin sorry\n\ntheorem other : (1 = 1 := sorry\n");
        Path out = dir.resolve("r.jsonl");
        Path written = dir.resolve("written.lean");
        String err = captureErr(() -> assertEquals(2, Main.run("prove", file.toString(), "--out", out.toString(),
                "--write-proofs", written.toString())));
        assertTrue(err.contains(file + " does not parse"), err);
        assertTrue(err.contains("broken: `begin` at line 1:30 is not closed"), err);
        assertTrue(err.contains("broken: error at line 3:0: invalid 'begin-end' expression, ',' expected"), err);
        assertTrue(err.contains("other: error at line 3:23: invalid expression, `)` expected"), err);
        assertTrue(!Files.exists(out) && !Files.exists(written), "nothing searched, nothing written");
    }

    static String captureOut(Runnable r) {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    static String captureErr(Runnable r) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString();
    }
}
