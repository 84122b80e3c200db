package dev.leanagent.bridge.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeanFileReaderTest {

    static final String MINIF2F = """
            import data.real.basic
            import analysis.special_functions.pow
            import data.nat.factorial.basic

            open_locale big_operators real nat topological_space

            theorem mathd_algebra_478
              (b h v : ℝ)
              (h₀ : 0 < b ∧ 0 < h ∧ 0 < v)
              (h₁ : v = 1 / 3 * (b * h))
              (h₂ : b = 30)
              (h₃ : h = 13 / 2) :
              v = 65 :=
            begin
              sorry
            end

            theorem amc12a_2019_p21 (a b : ℝ) (h₀ : 0 < a ∧ b ≠ 0) : a * b ≠ 0 :=
            begin
              sorry
            end
            """;

    private static LeanFile parse(String text) {
        return LeanFileReader.parse(text, null);
    }

    private static Declaration only(String text) {
        List<Declaration> ds = parse(text).declarations();
        assertEquals(1, ds.size(), () -> "declarations: " + ds);
        return ds.get(0);
    }

    @Test
    void miniF2FFile() {
        LeanFile f = parse(MINIF2F);
        assertEquals(List.of("data.real.basic", "analysis.special_functions.pow", "data.nat.factorial.basic"),
                f.imports());
        assertEquals(List.of("import", "import", "import", "open_locale"),
                f.preamble().stream().map(Command::keyword).toList());
        assertEquals("open_locale big_operators real nat topological_space", f.preamble().get(3).text());
        assertEquals(2, f.declarations().size());

        Declaration d = f.declarations().get(0);
        assertEquals("theorem", d.keyword());
        assertEquals("mathd_algebra_478", d.fullName());
        assertEquals(7, d.line());
        assertTrue(d.binders().startsWith("(b h v : ℝ)"), d.binders());
        assertTrue(d.binders().endsWith("(h₃ : h = 13 / 2)"), d.binders());
        assertEquals("v = 65", d.type());
        assertEquals("begin\n  sorry\nend", d.proof());
        assertEquals(d.proof(), MINIF2F.substring(d.proofStart(), d.proofEnd()));
        assertTrue(d.statement().startsWith("theorem mathd_algebra_478") && d.statement().endsWith("v = 65"));
        assertTrue(d.proofIsSorry());

        Declaration e = f.declarations().get(1);
        assertEquals("(a b : ℝ) (h₀ : 0 < a ∧ b ≠ 0)", e.binders());
        assertEquals("a * b ≠ 0", e.type());
        assertEquals("theorem amc12a_2019_p21 (a b : ℝ) (h₀ : 0 < a ∧ b ≠ 0) : a * b ≠ 0", e.statement());
        assertEquals(MINIF2F.stripTrailing().length(), e.end());
        assertEquals(List.of(d, e), f.sorryTheorems());
    }

    @Test
    void commentsAndStringsDoNotSplitCommands() {
        Declaration d = only("""
                /- theorem fake : false := sorry
                   /- nested end -/ still a comment := -/
                theorem t : "end := theorem" = "x" := -- theorem in a comment
                begin
                  have : 'e' = 'e' := rfl, -- end
                  simp, /- end := -/ trivial
                end
                -- trailing comment
                """);
        assertEquals("t", d.name());
        assertEquals("\"end := theorem\" = \"x\"", d.type());
        assertTrue(d.proof().startsWith("begin") && d.proof().endsWith("trivial\nend"), d.proof());
        assertFalse(d.usesSorry());
    }

    @Test
    void beginAndMatchBlocksNestInsideProofs() {
        LeanFile f = parse("""
                def f : ℕ → ℕ := λ n, match n with
                | 0 := 1
                | (k+1) := begin exact k end
                end

                theorem g (n : ℕ) : f n > 0 :=
                begin
                  cases n,
                  { begin simp [f] end },
                  { exact match n with | _ := by simp [f] end }
                end

                lemma h' : true := trivial
                """);
        assertEquals(List.of("f", "g", "h'"), f.declarations().stream().map(Declaration::name).toList());
        assertTrue(f.declarations().get(0).proof().endsWith("begin exact k end\nend"));
        assertTrue(f.declarations().get(1).proof().endsWith("by simp [f] end }\nend"));
        assertTrue(f.preamble().isEmpty(), "no stray `end` commands: " + f.preamble());
    }

    @Test
    void namespacesGiveFullNamesSectionsDoNot() {
        LeanFile f = parse("""
                namespace foo
                section bar
                variables {α : Type*} [group α]
                universe u
                theorem a : true := trivial
                end bar
                namespace baz
                lemma b : true := trivial
                lemma _root_.c : true := trivial
                end baz
                end foo
                theorem d : true := trivial
                """);
        assertEquals(List.of("foo.a", "foo.baz.b", "c", "d"),
                f.declarations().stream().map(Declaration::fullName).toList());
        assertEquals(List.of("foo", "baz"), f.declarations().get(1).namespaces());
        assertEquals(List.of("namespace", "section", "variables", "universe", "end", "namespace", "end", "end"),
                f.preamble().stream().map(Command::keyword).toList());
        assertEquals("variables {α : Type*} [group α]", f.preamble().get(2).text());
        assertEquals("end foo", f.preamble().get(7).text());
        assertEquals("foo.baz.b", f.find("b").orElseThrow().fullName());
        assertEquals("b", f.find("foo.baz.b").orElseThrow().name());
        assertTrue(f.find("nope").isEmpty());
    }

    @Test
    void modifiersBelongToTheDeclaration() {
        String src = """
                @[simp] lemma s (n : ℕ) : n + 0 = n := rfl

                /-- The doc, which says theorem and := -/
                theorem documented : true := trivial

                private theorem hidden : true := trivial
                noncomputable theory
                protected noncomputable def nd : ℝ := 0
                meta def m : tactic unit := tactic.skip
                local attribute [instance] classical.prop_decidable
                """;
        LeanFile f = parse(src);
        List<Declaration> ds = f.declarations();
        assertEquals(List.of("lemma", "theorem", "theorem", "def", "def"), ds.stream().map(Declaration::keyword).toList());
        assertEquals(0, ds.get(0).start());
        assertEquals("@[simp] lemma s (n : ℕ) : n + 0 = n", ds.get(0).statement());
        assertEquals("(n : ℕ)", ds.get(0).binders());
        assertTrue(src.startsWith("/-- The doc", ds.get(1).start()));
        assertEquals(4, ds.get(1).line());
        assertTrue(src.startsWith("private theorem", ds.get(2).start()));
        assertEquals("hidden", ds.get(2).name());
        assertEquals("nd", ds.get(3).name());
        assertEquals(List.of("noncomputable theory", "attribute"), f.preamble().stream().map(Command::keyword).toList());
        assertEquals("local attribute [instance] classical.prop_decidable", f.preamble().get(1).text());
    }

    @Test
    void exampleAndAnonymousInstanceHaveNoName() {
        LeanFile f = parse("""
                example : true := trivial
                instance : inhabited ℕ := ⟨0⟩
                instance named_inst : inhabited bool := ⟨tt⟩
                """);
        Declaration ex = f.declarations().get(0);
        assertNull(ex.name());
        assertNull(ex.fullName());
        assertEquals("", ex.binders());
        assertEquals("true", ex.type());
        assertEquals("trivial", ex.proof());
        assertEquals("example@line 1", ex.displayName());
        assertFalse(ex.isTheorem());
        assertNull(f.declarations().get(1).name());
        assertEquals("inhabited ℕ", f.declarations().get(1).type());
        assertEquals("named_inst", f.declarations().get(2).name());
    }

    @Test
    void bindersStopAtTheFirstTopLevelColon() {
        LeanFile f = parse("""
                theorem refl_all : ∀ x : ℕ, x = x := λ x, rfl
                theorem grp {α : Type*} [group α] (a : α) : a * 1 = a := mul_one a
                def pi_ty (β : ℕ → Type) : Type := Π n : ℕ, β n
                def no_type (n : ℕ) := n + 1
                axiom ax : ∀ {p : Prop}, p
                """);
        List<Declaration> ds = f.declarations();
        assertEquals("", ds.get(0).binders());
        assertEquals("∀ x : ℕ, x = x", ds.get(0).type());
        assertEquals("{α : Type*} [group α] (a : α)", ds.get(1).binders());
        assertEquals("a * 1 = a", ds.get(1).type());
        assertEquals("Π n : ℕ, β n", ds.get(2).proof());
        assertEquals("(β : ℕ → Type)", ds.get(2).binders());
        assertEquals("(n : ℕ)", ds.get(3).binders());
        assertEquals("", ds.get(3).type());
        assertNull(ds.get(4).proof());
        assertEquals(-1, ds.get(4).proofStart());
        assertEquals("axiom ax : ∀ {p : Prop}, p", ds.get(4).statement());
    }

    @Test
    void sorryDetection() {
        LeanFile f = parse("""
                theorem p1 : true := by simp
                theorem p2 : true := sorry
                theorem p3 : true := begin sorry end
                theorem p4 : true := begin simp, sorry end
                theorem p5 : true := by { admit }
                theorem p6 : true := begin
                  simp,
                  -- sorry in a comment does not count
                end
                def d1 : ℕ := sorry
                """);
        List<Declaration> ds = f.declarations();
        boolean[][] expected = {{false, false}, {true, true}, {true, true}, {false, true}, {true, true},
                {false, false}, {true, true}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], ds.get(i).proofIsSorry(), "proofIsSorry of " + ds.get(i).name());
            assertEquals(expected[i][1], ds.get(i).usesSorry(), "usesSorry of " + ds.get(i).name());
        }
        assertEquals(List.of("p2", "p3", "p5"), f.sorryTheorems().stream().map(Declaration::name).toList());
    }

    @Test
    void fieldDocCommentsAndConstructorsDoNotStartCommands() {
        LeanFile f = parse("""
                structure point :=
                (x : ℕ)
                /-- the second coordinate -/
                (y : ℕ)

                inductive color (α : Type) : Type
                /-- red -/
                | red : color
                | blue : color

                def fib : ℕ → ℕ
                | 0 := 1
                | (n+1) := fib n
                """);
        assertEquals(List.of("structure", "inductive", "def"),
                f.declarations().stream().map(Declaration::keyword).toList());
        assertTrue(f.declarations().get(0).proof().contains("the second coordinate"));
        Declaration color = f.declarations().get(1);
        assertNull(color.proof());
        assertEquals("(α : Type)", color.binders());
        assertEquals("Type", color.type());
        assertTrue(color.statement().endsWith("| blue : color"), color.statement());
        Declaration fib = f.declarations().get(2);
        assertEquals("ℕ → ℕ", fib.type());
        assertEquals("| 0 := 1\n| (n+1) := fib n", fib.proof());
    }

    @Test
    void typeComputedByABeginBlock() {
        Declaration d = only("""
                lemma nth_le_drop (L : list α) :
                  nth_le L i h = nth_le (L.drop i) j
                begin
                  have A : i < L.length := lt_of_le_of_lt (nat.le.intro rfl) h,
                  simpa using h
                end :=
                begin
                  simp [A]
                end
                """);
        assertTrue(d.type().endsWith("simpa using h\nend"), d.type());
        assertEquals("begin\n  simp [A]\nend", d.proof());
    }

    @Test
    void absoluteValueAndCardinalityOpeningALineAreNotCommands() {
        Declaration d = only("""
                theorem abs_sub (a b : ℝ) :
                  |a - b| ≤ |a| + |b| := abs_sub_le a b
                """);
        assertEquals("|a - b| ≤ |a| + |b|", d.type());
        Declaration card = only("lemma card (R : Type) :\n  #R ^ 4 = #R :=\nby simp");
        assertEquals("#R ^ 4 = #R", card.type());
        assertEquals("by simp", card.proof());
        assertEquals("abs_sub_le a b", d.proof());
    }

    @Test
    void hashCommandsAndNotationAreCommands() {
        LeanFile f = parse("""
                notation `⟦` x `⟧` := id x
                #eval 1 + 1
                #check (nat.succ_le_iff)
                set_option trace.simplify true
                run_cmd tactic.trace "theorem"
                theorem t : ⟦1⟧ = 1 := rfl
                """);
        assertEquals(List.of("notation", "#eval", "#check", "set_option", "run_cmd"),
                f.preamble().stream().map(Command::keyword).toList());
        assertEquals("#check (nat.succ_le_iff)", f.preamble().get(2).text());
        assertEquals(1, f.declarations().size());
        assertEquals("⟦1⟧ = 1", f.declarations().get(0).type());
    }

    @Test
    void unclosedBeginRecoversAtNextColumnZeroDeclaration() {
        LeanFile f = parse("""
                theorem broken : true :=
                begin
                  simp,

                theorem next : true := trivial
                """);
        assertEquals(List.of("broken", "next"), f.declarations().stream().map(Declaration::name).toList());
    }

    @Test
    void readNamesTheMissingFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.lean");
        IOException e = assertThrows(IOException.class, () -> LeanFileReader.read(missing));
        assertTrue(e.getMessage().contains("nope.lean"), e.getMessage());

        Path ok = dir.resolve("ok.lean");
        Files.writeString(ok, MINIF2F, StandardCharsets.UTF_8);
        LeanFile f = LeanFileReader.read(ok);
        assertEquals(ok, f.path());
        assertEquals(2, f.sorryTheorems().size());
    }

    @Test
    void emptyAndCommentOnlyFiles() {
        assertTrue(parse("").declarations().isEmpty());
        LeanFile f = parse("-- nothing\n/- here -/\n");
        assertTrue(f.declarations().isEmpty() && f.preamble().isEmpty() && f.imports().isEmpty());
    }

    static final String UNCLOSED = """
            theorem broken : 1 + 1 = 2 := begin sorry

            theorem other : (1 = 1 := sorry
            """;

    @Test
    void commandsLeftOpenAreFoundWithWhereTheyOpen() {
        LeanFile f = LeanFileReader.parse(UNCLOSED, null);
        assertFalse(f.parses());
        assertEquals(List.of(
                new Unclosed("broken", "begin", 30, 1, 30, "`theorem` at line 3"),
                new Unclosed("other", "(", UNCLOSED.indexOf("(1"), 3, 16, "the end of the file")), f.unclosed());
        assertEquals("broken: `begin` at line 1:30 is not closed before `theorem` at line 3", f.unclosed().get(0).describe());
        assertTrue(LeanFileReader.parse(MINIF2F, null).parses());
        assertTrue(LeanFileReader.parse("namespace a\ntheorem t : (1 = 1) := begin refl end\nend a\n", null).parses());
    }

    @Test
    void aPositionBelongsToTheDeclarationWhoseTextHoldsIt() {
        String text = "open nat\n\ntheorem a : true := trivial\n\n-- between\ntheorem b : true := trivial\nopen list\n";
        LeanFile f = LeanFileReader.parse(text, null);
        assertTrue(f.declarationAt(text.indexOf("open nat")).isEmpty());
        assertEquals("a", f.declarationAt(text.indexOf("trivial")).orElseThrow().name());
        assertEquals("a", f.declarationAt(text.indexOf("-- between")).orElseThrow().name(), "trailing comments belong to it");
        assertEquals("b", f.declarationAt(text.indexOf("theorem b")).orElseThrow().name());
        assertTrue(f.declarationAt(text.indexOf("open list")).isEmpty());
    }
}
