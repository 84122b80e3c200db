-- The fixed core-Lean theorem set of `./lean-agent bench-search` (no mathlib). Some close in one
-- step; the others are Lean-bound: the automation list proposes several tactics on each state and
-- the proof needs a few expansions, so the search's time goes to Lean, not to the generator.
-- Keep the set fixed: the benchmark's figures compare settings on it.

namespace bench

theorem and_swap (p q : Prop) : p ∧ q → q ∧ p := sorry

theorem or_swap (p q : Prop) : p ∨ q → q ∨ p := sorry

theorem imp_trans (p q r : Prop) : (p → q) → (q → r) → p → r := sorry

theorem or3_swap (p q r : Prop) : p ∨ q ∨ r → r ∨ q ∨ p := sorry

theorem or_assoc' (p q r : Prop) : (p ∨ q) ∨ r → p ∨ q ∨ r := sorry

theorem or_or (p q r s : Prop) : p ∨ q → r ∨ s → (p ∨ r) ∨ (q ∨ s) := sorry

theorem or_imp (p q r : Prop) : (p → r) → (q → r) → p ∨ q → r := sorry

theorem zero_add' (n : ℕ) : 0 + n = n := sorry

theorem add_assoc' (a b c : ℕ) : a + b + c = a + (b + c) := sorry

theorem append_nil' (l : list ℕ) : l ++ [] = l := sorry

end bench
