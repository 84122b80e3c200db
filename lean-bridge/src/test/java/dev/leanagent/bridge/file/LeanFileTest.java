package dev.leanagent.bridge.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanFileTest {

    private static final String SRC = """
            import data.nat.basic
            import tactic

            open nat
            variables (n : ℕ)

            #eval 2 + 2
            namespace foo

            theorem unproved : n = n := begin simp, sorry end

            /-- proved, kept -/
            theorem proved : n + 0 = n := by simp
            #check proved
            def helper := 3
            theorem target (x₁ : ℕ) : x₁ = x₁ :=
            begin
              sorry
            end

            theorem other : 1 = 1 := sorry
            end foo
            """;

    private final LeanFile file = LeanFileReader.parse(SRC, null);

    private Declaration decl(String name) {
        return file.find(name).orElseThrow();
    }

    @Test
    void contextDropsSorryDeclarationsAndHashCommands() {
        String ctx = file.contextFor(decl("foo.target"));
        assertFalse(ctx.contains("import"), ctx);
        assertFalse(ctx.contains("unproved"), ctx);
        assertFalse(ctx.contains("#eval") || ctx.contains("#check"), ctx);
        assertTrue(ctx.contains("open nat\nvariables (n : ℕ)"), ctx);
        assertTrue(ctx.contains("namespace foo"), ctx);
        assertTrue(ctx.contains("/-- proved, kept -/\ntheorem proved : n + 0 = n := by simp"), ctx);
        assertTrue(ctx.contains("def helper := 3"), ctx);
        assertFalse(ctx.contains("theorem target"), ctx);
        // Whatever was cut, the text Lean sees is the same commands with the same tokens.
        List<String> kept = LeanLexer.tokenize(ctx).stream().map(Token::text).toList();
        assertEquals(List.of("open", "nat", "variables", "(", "n", ":", "ℕ", ")", "namespace", "foo"),
                kept.subList(0, 10));
    }

    @Test
    void removedSpansDoNotGlueTheirNeighbours() {
        LeanFile f = LeanFileReader.parse("def y := 1\ndef x := y#check (x)def w := 2\ntheorem t : true := trivial", null);
        String ctx = f.contextFor(f.find("t").orElseThrow());
        assertEquals("def y := 1\ndef x := y\ndef w := 2\n", ctx);
        assertEquals(List.of("y", "x", "w"),
                LeanFileReader.parse(ctx, null).declarations().stream().map(Declaration::name).toList());
    }

    @Test
    void contextOfFirstDeclarationIsTheHeader() {
        String ctx = file.contextFor(decl("unproved"));
        assertEquals("\n\nopen nat\nvariables (n : ℕ)\n\n\n\nnamespace foo\n\n", ctx);
    }

    @Test
    void contextWithoutImportsStartsAtZero() {
        LeanFile f = LeanFileReader.parse("open nat\ntheorem a : true := trivial\n", null);
        assertEquals("open nat\n", f.contextFor(f.declarations().get(0)));
    }

    @Test
    void withProofsRoundTrip() {
        Declaration target = decl("target");
        Declaration other = decl("other");
        Map<Declaration, String> proofs = new LinkedHashMap<>();
        proofs.put(other, "rfl");
        proofs.put(target, "begin\n  refl\nend");
        String out = file.withProofs(proofs);

        LeanFile again = LeanFileReader.parse(out, null);
        assertEquals("begin\n  refl\nend", again.find("target").orElseThrow().proof());
        assertEquals("rfl", again.find("other").orElseThrow().proof());
        assertEquals(List.of(), again.sorryTheorems());
        assertEquals(file.declarations().size(), again.declarations().size());
        // Everything outside the two proof spans is byte for byte the same.
        assertEquals(SRC.substring(0, target.proofStart()), out.substring(0, target.proofStart()));
        int tail = SRC.length() - other.proofEnd();
        assertEquals(SRC.substring(other.proofEnd()), out.substring(out.length() - tail));
        String between = SRC.substring(target.proofEnd(), other.proofStart());
        assertTrue(out.contains("refl\nend" + between + "rfl"), out);
    }

    @Test
    void withProofsRejectsForeignOrProoflessDeclarations() {
        LeanFile f = LeanFileReader.parse("axiom ax : false\n", null);
        assertThrows(IllegalArgumentException.class, () -> f.withProofs(Map.of(f.declarations().get(0), "x")));
        assertThrows(IllegalArgumentException.class, () -> f.withProofs(Map.of(decl("target"), "x")));
    }

    @Test
    void sorryTheoremsSkipPartialProofsAndDefs() {
        assertEquals(List.of("foo.target", "foo.other"),
                file.sorryTheorems().stream().map(Declaration::displayName).toList());
        assertTrue(decl("unproved").usesSorry());
        assertEquals(List.of("foo"), decl("helper").namespaces());
    }

    @Test
    void editedReplacesOneProofAndRemovesOtherDeclarationsWhole() {
        LeanFile f = LeanFileReader.parse("import data.nat\nopen nat\n\ntheorem a : true := sorry\n\n"
                + "theorem b : true := sorry\n\nlemma c : 1 = 1 := rfl\n", null);
        Declaration a = f.find("a").orElseThrow();
        Declaration b = f.find("b").orElseThrow();
        String text = f.edited(java.util.Map.of(b, "trivial"), java.util.Set.of(a));
        assertEquals("import data.nat\nopen nat\n\n\n\ntheorem b : true := trivial\n\nlemma c : 1 = 1 := rfl\n", text);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.edited(java.util.Map.of(a, "trivial"), java.util.Set.of(a)));
    }
}
