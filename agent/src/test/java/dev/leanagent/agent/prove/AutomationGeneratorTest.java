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
            new SearchState.Variable("ᾰ", "ℕ")));

    private static List<String> tactics(AutomationGenerator g) {
        return g.candidates(STATE).stream().map(Candidate::tactic).toList();
    }

    @Test
    void coreListWithoutMathlibTacticsAndWithTacticsOnTheGoalsLocals() {
        List<String> t = tactics(AutomationGenerator.load(null, false));
        assertTrue(t.containsAll(List.of("refl", "simp", "assumption", "cc", "exact dec_trivial", "intros", "split",
                "contradiction")), t.toString());
        assertFalse(t.contains("norm_num") || t.contains("linarith"), "no mathlib tactics without mathlib: " + t);
        assertTrue(t.contains("induction n") && t.contains("cases n") && t.contains("cases h"), t.toString());
        assertFalse(t.contains("induction h"), "induction only on ℕ and lists");
        assertFalse(t.stream().anyMatch(s -> s.contains("ᾰ")), "inaccessible names cannot be written");
    }

    @Test
    void mathlibTacticsWhenMathlibIsThere() {
        List<String> t = tactics(AutomationGenerator.load(null, true));
        assertTrue(t.containsAll(List.of("norm_num", "linarith", "nlinarith", "ring", "field_simp", "omega",
                "positivity", "simp at *")), t.toString());
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
