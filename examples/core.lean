-- Theorems about core Lean 3 (no mathlib). `./lean-agent prove examples/core.lean` finds proofs for
-- the `sorry` ones; `./lean-agent check examples/core.lean` judges each theorem as it stands.

open nat

namespace examples

theorem add_comm' (a b : ℕ) : a + b = b + a :=
begin
  induction b with b ih,
  { rw [nat.add_zero, nat.zero_add] },
  { rw [nat.add_succ, nat.succ_add, ih] }
end

theorem and_swap (p q : Prop) (h : p ∧ q) : q ∧ p :=
⟨h.2, h.1⟩

lemma succ_pos' (n : ℕ) : 0 < succ n := sorry

theorem or_comm' (p q : Prop) : p ∨ q → q ∨ p :=
begin
  sorry
end

theorem two_add_two : 2 + 2 = 4 := sorry

end examples
