package dev.leanagent.agent.prove;

import dev.leanagent.agent.UsageException;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutomationGeneratorTest {

    private static final SearchState STATE = new SearchState(null, "n : ℕ,\nh : p ∨ q\n⊢ p", false, List.of(
            new SearchState.Variable("n", "ℕ"), new SearchState.Variable("h", "p ∨ q"),
            new SearchState.Variable("ᾰ", "ℕ")), "p", 1);

    private static SearchState goal(String target, String... hyps) {
        List<SearchState.Variable> vars = new java.util.ArrayList<>();
        for (int i = 0; i < hyps.length; i += 2) vars.add(new SearchState.Variable(hyps[i], hyps[i + 1]));
        return new SearchState(null, target, false, vars, target, 1);
    }

    private static List<String> tactics(AutomationGenerator g, SearchState s) {
        return g.candidates(s).stream().map(Candidate::tactic).toList();
    }

    private static List<String> tactics(AutomationGenerator g) {
        return g.candidates(STATE).stream().map(Candidate::tactic).toList();
    }

    @Test
    void coreListWithoutMathlibTacticsAndWithTacticsOnTheGoalsLocals() {
        List<String> t = tactics(AutomationGenerator.load(null, false));
        assertTrue(t.containsAll(List.of("refl", "simp", "assumption", "exact dec_trivial", "contradiction")),
                t.toString());
        assertFalse(t.contains("cc"), "congruence closure is for logic, and n : ℕ makes this arithmetic: " + t);
        assertTrue(tactics(AutomationGenerator.load(null, false), goal("q ∧ p", "p", "Prop", "q", "Prop", "h", "p ∧ q"))
                .containsAll(List.of("cc", "split", "cases h")));
        assertFalse(t.contains("split") || t.contains("intros"), "p is neither a conjunction nor an implication: " + t);
        assertFalse(t.contains("norm_num") || t.contains("linarith"), "no mathlib tactics without mathlib: " + t);
        assertTrue(t.contains("induction n") && t.contains("cases n") && t.contains("cases h"), t.toString());
        assertFalse(t.contains("induction h"), "induction only on ℕ and lists");
        assertFalse(t.stream().anyMatch(s -> s.contains("ᾰ")), "inaccessible names cannot be written");
    }

    @Test
    void mathlibTacticsWhenMathlibIsThere() {
        List<String> t = tactics(AutomationGenerator.load(null, true), goal("x * (y + 1) / 2 ≤ x ^ 2", "x", "ℝ", "y", "ℝ",
                "h₀", "0 < x", "h₁", "0 < y"));
        assertTrue(t.containsAll(List.of("norm_num", "linarith", "ring_nf", "field_simp", "norm_num at *", "simp at *")),
                t.toString());
        assertFalse(t.contains("omega") || t.contains("positivity"), "not defined in miniF2F's mathlib: " + t);
    }

    @Test
    void nlinarithGetsSquaresAndProductsOfTheGoalsFacts() {
        List<String> t = tactics(AutomationGenerator.load(null, true), goal("a * b ≤ (a ^ 2 + b ^ 2) / 2", "a", "ℝ",
                "b", "ℝ", "h₀", "0 < a", "h₁", "0 < b"));
        assertTrue(t.contains("nlinarith [sq_nonneg (a - b), sq_nonneg (a + b), sq_nonneg a, sq_nonneg b, mul_pos h₀ h₁]"),
                t.toString());
        assertTrue(t.contains("nlinarith [sq_nonneg (a - b), sq_nonneg (a + b), sq_nonneg a, sq_nonneg b, mul_pos h₀ h₁, h₀, h₁]"),
                t.toString());
    }

    @Test
    void tacticsFollowTheGoalsShape() {
        AutomationGenerator g = AutomationGenerator.load(null, true);
        List<String> closed = tactics(g, goal("(∑ k in finset.range 11, k) % 9 = 1"));
        assertTrue(closed.contains("norm_num [finset.sum_range_succ, finset.prod_range_succ]") && closed.contains("dec_trivial"),
                closed.toString());
        assertFalse(closed.contains("linarith") || closed.contains("intro h") || closed.contains("field_simp"), closed.toString());

        List<String> bounded = tactics(g, goal("m = 17", "m", "ℕ", "h₀", "10 ≤ m", "h₁", "m ≤ 99", "h₂", "m % 7 = 3"));
        assertTrue(bounded.contains("interval_cases m") && bounded.contains("interval_cases m; norm_num at *"), bounded.toString());
        assertTrue(bounded.contains("norm_num [h₀, h₁, h₂]"), bounded.toString());

        List<String> subst = tactics(g, goal("x + 1 = 3", "x", "ℕ", "h", "x = 2", "p", "x ≤ 5 ∧ x ≥ 1"));
        assertTrue(subst.containsAll(List.of("subst h", "rw h at *", "cases p")), subst.toString());
        assertFalse(subst.contains("subst p") || subst.contains("cases h"), subst.toString());

        List<String> intro = tactics(g, goal("∀ (x : ℝ), x > 0 → x ^ 2 > 0"));
        assertTrue(intro.contains("intros") && intro.contains("intro h"), intro.toString());
    }

    @Test
    void expensiveTacticsHaveLimitsOfTheirOwn() {
        for (Candidate c : AutomationGenerator.load(null, true).candidates(goal("a ≤ b ^ 2", "a", "ℝ", "b", "ℝ", "h", "a < 0"))) {
            assertTrue(c.limit() != null, c + " has no limit of its own");
            if (c.tactic().startsWith("nlinarith")) assertTrue(c.limit().toSeconds() > 5, c.toString());
            if (c.tactic().equals("refl")) assertTrue(c.limit().toSeconds() <= 2, c.toString());
        }
    }

    @Test
    void earlierLemmasOfTheFileAreProposed() {
        AutomationGenerator g = AutomationGenerator.load(null, false);
        assertTrue(g.withLemmas(List.of()) == g);
        List<String> t = tactics((AutomationGenerator) g.withLemmas(List.of("foo.my_lemma")), STATE);
        assertTrue(t.containsAll(List.of("apply foo.my_lemma", "rw foo.my_lemma", "simp [foo.my_lemma]")), t.toString());
        assertFalse(tactics(g).stream().anyMatch(s -> s.contains("my_lemma")), "only for the theorem given them");
    }

    @Test
    void anUnknownTagIsNamedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.conf");
        Files.writeString(f, "tactics = [ { tactic = \"linarith\", logprob = -1, when = [\"inequality\"] } ]\n");
        UsageException e = assertThrows(UsageException.class, () -> AutomationGenerator.load(f, false));
        assertTrue(e.getMessage().contains("inequality") && e.getMessage().contains("ineq"), e.getMessage());
    }

    @Test
    void aListOfOnesOwn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.conf");
        Files.writeString(f, "tactics = [ { tactic = \"trivial\", logprob = -0.25 } ]\n");
        assertEquals(List.of(new Candidate("trivial", -0.25)), AutomationGenerator.load(f, false).candidates(STATE));
        Files.writeString(f, "tactics = [ { tactic = \"trivial\", logprob = -1, scope = everywhere } ]\n");
        UsageException e = assertThrows(UsageException.class, () -> AutomationGenerator.load(f, false));
        assertTrue(e.getMessage().contains("scope"), e.getMessage());
        assertThrows(UsageException.class, () -> AutomationGenerator.load(dir.resolve("none.conf"), false));
    }

    @Test
    void aCompositeMergesItsParts() {
        AutomationGenerator a = AutomationGenerator.load(null, false);
        CompositeGenerator both = new CompositeGenerator(List.of(a, a));
        assertEquals("automation+automation", both.name());
        assertEquals(2 * a.candidates(STATE).size(), both.suggest(STATE).toCompletableFuture().join().size());
    }

    @Test
    void suggestionsAreAskedOncePerState() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        dev.leanagent.search.TacticGenerator counting = new dev.leanagent.search.TacticGenerator() {
            @Override
            public java.util.concurrent.CompletionStage<List<Candidate>> suggest(SearchState s) {
                asked.incrementAndGet();
                return java.util.concurrent.CompletableFuture.completedFuture(List.of(new Candidate("simp", -1)));
            }

            @Override
            public String name() {
                return "counting";
            }
        };
        CachingGenerator cached = new CachingGenerator(counting, 100);
        for (int i = 0; i < 3; i++) cached.suggest(STATE).toCompletableFuture().join();
        cached.suggest(new SearchState(null, "⊢ q", false, List.of())).toCompletableFuture().join();
        assertEquals(2, asked.get());
        assertEquals("counting", cached.name());
    }
}
