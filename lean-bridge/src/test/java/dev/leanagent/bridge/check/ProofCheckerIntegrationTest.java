package dev.leanagent.bridge.check;

import dev.leanagent.bridge.LeanTestSupport;
import dev.leanagent.bridge.file.LeanFileReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} against a real Lean 3 (core library only). */
class ProofCheckerIntegrationTest {

    private static ProofChecker checker;

    @BeforeEach
    void setUp() {
        var lean = LeanTestSupport.toolchainOrSkip("proof checker integration tests");
        if (checker == null) {
            checker = new ProofChecker(lean, LeanTestSupport.sandbox(), List.of(), 2048, Duration.ofSeconds(300));
        }
    }

    private static final String FILE = """
            open nat

            namespace demo

            theorem sound (a b : ℕ) : a + b = b + a :=
            begin
              rw nat.add_comm
            end

            lemma with_sorry : 1 = 2 := sorry

            theorem with_admit (p : Prop) : p :=
            begin
              admit
            end

            axiom cheat : false

            theorem with_axiom : 1 = 2 := false.elim cheat

            lemma helper : 2 = 3 := by sorry

            theorem through_lemma : 2 = 3 := helper

            theorem smuggled : 3 = 4 :=
            begin
              tactic.add_decl (declaration.ax `smuggled_ax [] `(false)),
              exact false.elim (by tactic.exact (expr.const `smuggled_ax []))
            end

            theorem broken : 1 = 1 := by exact no_such_lemma

            example : 2 + 2 = 4 := rfl

            end demo
            """;

    @Test
    void judgesEachTheorem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("demo.lean");
        Files.writeString(f, FILE);
        CheckReport r = checker.check(f);
        Map<String, Verdict> v = r.verdicts().stream().collect(Collectors.toMap(Verdict::name, Function.identity()));
        assertTrue(v.get("demo.sound").ok(), () -> v.get("demo.sound").toString());
        assertEquals("uses sorry", v.get("demo.with_sorry").reason());
        assertEquals("uses sorry", v.get("demo.with_admit").reason());
        assertTrue(v.get("demo.with_axiom").reason().contains("demo.cheat"), v.get("demo.with_axiom").reason());
        assertEquals("uses sorry through a lemma it depends on", v.get("demo.through_lemma").reason());
        assertFalse(v.get("demo.smuggled").ok(), v.get("demo.smuggled").toString());
        assertTrue(v.get("demo.broken").reason().contains("no_such_lemma"), v.get("demo.broken").reason());
        Verdict example = r.verdicts().stream().filter(x -> x.name().startsWith("example")).findFirst().orElseThrow();
        assertTrue(example.ok());
        assertFalse(r.allOk());
        assertTrue(r.fileErrors().isEmpty(), r.fileErrors().toString());
    }

    @Test
    void aSoundFileIsAllOk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.lean");
        Files.writeString(f, "theorem t (p q : Prop) (hp : p) (hq : q) : p ∧ q := ⟨hp, hq⟩\n"
                + "lemma u : ∀ n : ℕ, n + 0 = n := λ n, rfl\n");
        CheckReport r = checker.check(f);
        assertEquals(2, r.verdicts().size());
        assertTrue(r.allOk(), r.toString());
    }

    @Test
    void aMissingImportIsAFileError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("imp.lean");
        Files.writeString(f, "import no.such.module\ntheorem t : 1 = 1 := rfl\n");
        CheckReport r = checker.check(LeanFileReader.read(f));
        assertFalse(r.allOk());
        assertNotNull(r.fileErrors().isEmpty() ? null : r.fileErrors().get(0));
    }

    @Test
    void errorsGoToTheDeclarationTheyAreIn() throws Exception {
        String text = "theorem broken : 1 + 1 = 2 := begin sorry\n\ntheorem other : (1 = 1 := sorry\n";
        CheckReport r = checker.check(LeanFileReader.parse(text, null));
        Map<String, Verdict> by = r.verdicts().stream().collect(Collectors.toMap(Verdict::name, Function.identity()));
        assertEquals("error at line 3:0: invalid 'begin-end' expression, ',' expected", by.get("broken").reason(),
                "the open begin's error is its own, not a sorry through a lemma");
        assertEquals("error at line 3:23: invalid expression, `)` expected", by.get("other").reason());
        assertTrue(r.fileErrors().isEmpty(), r.fileErrors().toString());
    }

    @Test
    void anErrorInADefinitionIsAFileErrorThatNamesIt() throws Exception {
        String text = "def f : ℕ := tt\n\ntheorem t : true := trivial\n";
        CheckReport r = checker.check(LeanFileReader.parse(text, null));
        assertEquals(1, r.fileErrors().size(), r.fileErrors().toString());
        assertTrue(r.fileErrors().get(0).startsWith("line 1:") && r.fileErrors().get(0).contains("(in f)"), r.fileErrors().toString());
        assertTrue(r.verdicts().get(0).ok(), r.verdicts().toString());
    }
}
