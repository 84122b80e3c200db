package dev.leanagent.agent.prove;

import dev.leanagent.search.SearchState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.leanagent.agent.prove.GoalShape.Tag.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoalShapeTest {

    private static SearchState state(String target, String... hyps) {
        List<SearchState.Variable> vars = new java.util.ArrayList<>();
        for (int i = 0; i < hyps.length; i += 2) vars.add(new SearchState.Variable(hyps[i], hyps[i + 1]));
        return new SearchState(null, target, false, vars, target, 1);
    }

    @Test
    void aRealInequalityWithPositivityFacts() {
        GoalShape s = GoalShape.of(state("a * b ≤ (a ^ 2 + b ^ 2) / 2", "a", "ℝ", "b", "ℝ", "h₀", "0 < a", "h₁", "0 < b"));
        assertTrue(s.tags().containsAll(List.of(INEQ, REAL, FIELD, ORDERED, DIV, POW, FACTS)), s.tags().toString());
        assertFalse(s.tags().contains(EQ), "≤ is not =: " + s.tags());
        assertEquals(List.of("h₀", "h₁"), s.facts().stream().map(SearchState.Variable::name).toList());
        assertEquals(List.of("a", "b"), s.locals(java.util.Set.of("ℝ")));
    }

    @Test
    void aClosedComputation() {
        GoalShape s = GoalShape.of(state("(∑ k in finset.range 11, k) % 9 = 1"));
        assertTrue(s.tags().containsAll(List.of(CLOSED, BIGOP, MOD, EQ)), s.tags().toString());
        assertFalse(s.tags().contains(FACTS));
    }

    @Test
    void functionsAndNumbersAreDataNotFacts() {
        GoalShape s = GoalShape.of(state("f 600 = 5 / 2", "f", "ℝ → ℝ", "h₀", "∀ (x : ℝ), x > 0 → f x = 1", "S", "finset ℕ"));
        assertEquals(List.of("f", "S"), s.data().stream().map(SearchState.Variable::name).toList());
        assertEquals(List.of("h₀"), s.facts().stream().map(SearchState.Variable::name).toList());
    }

    @Test
    void anEquationThatNamesALocalCanBeSubstituted() {
        SearchState st = state("x + 1 = 3", "x", "ℕ", "h", "x = 2", "k", "ℕ", "g", "k + x = 5");
        GoalShape s = GoalShape.of(st);
        assertTrue(s.tags().contains(VAR_EQ));
        assertEquals("x", GoalShape.variableEquation("x = 2", s.data()));
        assertNull(GoalShape.variableEquation("k + x = 5", s.data()), "neither side is a local alone");
        assertNull(GoalShape.variableEquation("x = 2 ∧ k = 1", s.data()));
    }

    @Test
    void aLocalBoundedByFactsCanBeEnumerated() {
        GoalShape s = GoalShape.of(state("m = 17", "m", "ℕ", "x", "ℕ", "n", "ℤ", "h₀", "10 ≤ m", "h₁", "m ≤ 99",
                "h₂", "n < 5", "h₃", "xm = 3"));
        assertTrue(s.bounded(new SearchState.Variable("m", "ℕ")));
        assertFalse(s.bounded(new SearchState.Variable("x", "ℕ")), "xm is another name");
        assertFalse(s.bounded(new SearchState.Variable("n", "ℤ")), "an integer needs a lower bound too");
    }
}
