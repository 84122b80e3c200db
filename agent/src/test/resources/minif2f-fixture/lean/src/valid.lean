-- A miniF2F-shaped fixture on core Lean (no mathlib): a header, theorems whose proofs are sorry,
-- categories in their names. Used by the harness tests.
open nat

theorem mathd_algebra_1 : 2 + 2 = 4 := sorry

theorem mathd_numbertheory_2 (n : ℕ) : 0 < succ n := sorry

lemma helper_false : 2 + 2 = 5 := sorry

theorem induction_3 (p q : Prop) : p ∨ q → q ∨ p := sorry

theorem amc12_4 (a b : ℕ) (h : a = b) : b = a := sorry

theorem imo_5 : 2 + 2 = 5 := sorry
