package dev.leanagent.bridge.file;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Lean4SignsTest {

    @Test
    void lean4ImportsLambdasAndByBlocksAreNamedWithTheirLines() {
        List<String> signs = Lean4Signs.of("""
                import Mathlib.Tactic

                theorem x (n : Nat) : n + 0 = n := by
                  simp

                def f := fun x => x + 1
                """);
        assertEquals(3, signs.size(), signs.toString());
        assertTrue(signs.get(0).startsWith("line 1: import Mathlib.Tactic"), signs.toString());
        assertTrue(signs.get(1).startsWith("line 3: `by`"), signs.toString());
        assertTrue(signs.get(2).startsWith("line 6: fun"), signs.toString());
        assertEquals(List.of("line 1: import Mathlib"), Lean4Signs.of("import Mathlib\n"));
    }

    @Test
    void lean3FilesShowNoSign() throws Exception {
        assertEquals(List.of(), Lean4Signs.of("""
                import data.real.basic
                open nat
                -- fun x => x in a comment, and "fun y => y" in a string
                theorem a (n : ℕ) : n + 0 = n := by simp
                theorem b : ∀ n : ℕ, n = n := λ n, rfl
                theorem c : ∀ n : ℕ, n = n := fun n, rfl
                theorem d (p q : Prop) (hp : p) (hq : q) : p ∧ q :=
                by
                  exact ⟨hp, hq⟩
                lemma e : 1 = 1 :=
                begin
                  have : 2 = 2 := by
                    refl,
                  refl
                end
                """));
        Path core = Path.of("..", "examples", "core.lean");
        assertEquals(List.of(), Lean4Signs.of(Files.readString(core)));
    }
}
