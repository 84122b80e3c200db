package dev.leanagent.search;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BestFirstSearchTest {

    private static SearchSettings budget(int expansions, int depth) {
        return new SearchSettings(expansions, Duration.ofSeconds(600), depth, SearchSettings.Priority.CUMULATIVE);
    }

    private static SearchOutcome run(ScriptedProof p, SearchSettings s) {
        return new BestFirstSearch(p, p, s).run();
    }

    @Test
    void expandsTheMostLikelyPathFirstAndTriesTacticsBestFirst() {
        ScriptedProof p = new ScriptedProof("R")
                .edge("R", "a", "A", -2.0).edge("R", "b", "B", -0.5)
                .edge("B", "b2", "B2", -3.0)   // B2 ends at -3.5, below A's -2.0
                .edge("A", "a2", "QED", -0.1);
        SearchOutcome o = run(p, budget(10, 10));
        assertEquals(SearchStatus.FOUND, o.status());
        assertEquals(List.of("a", "a2"), o.proof());
        assertEquals(List.of("R", "B", "A"), p.expanded);
        assertEquals(List.of("R:b", "R:a", "B:b2", "A:a2"), p.applied, "candidates of a node best first");
        assertEquals(3, o.expansions());
    }

    @Test
    void inTacticOrderALikelyTacticOnANewStateGoesBeforeAnUnlikelyOneOnAnOldState() {
        ScriptedProof p = new ScriptedProof("R")
                .edge("R", "cheap", "A", -0.5).propose("R", "slow", -3.0)
                .edge("A", "close", "QED", -0.5);
        SearchSettings tactic = new SearchSettings(10, Duration.ofSeconds(600), 10, SearchSettings.Priority.CUMULATIVE,
                SearchSettings.Order.TACTIC);
        SearchOutcome o = run(p, tactic);
        assertEquals(SearchStatus.FOUND, o.status());
        assertEquals(List.of("cheap", "close"), o.proof());
        assertEquals(List.of("R:cheap", "A:close"), p.applied, "A's -1.0 path beats R's -3.0 tactic");

        ScriptedProof q = new ScriptedProof("R")
                .edge("R", "cheap", "A", -0.5).propose("R", "slow", -3.0)
                .edge("A", "close", "QED", -0.5);
        assertEquals(List.of("cheap", "close"), run(q, budget(10, 10)).proof());
        assertEquals(List.of("R:cheap", "R:slow", "A:close"), q.applied, "node order finishes R first");
    }

    @Test
    void inTacticOrderTheUnlikelyTacticsStillRunWhenNothingBetterIsLeft() {
        ScriptedProof p = new ScriptedProof("R")
                .edge("R", "cheap", "A", -0.5).edge("R", "slow", "B", -3.0).propose("A", "dead", -0.5)
                .edge("B", "close", "QED", -0.1);
        SearchOutcome o = run(p, new SearchSettings(10, Duration.ofSeconds(600), 10, SearchSettings.Priority.CUMULATIVE,
                SearchSettings.Order.TACTIC));
        assertEquals(List.of("slow", "close"), o.proof());
        assertEquals(List.of("R:cheap", "A:dead", "R:slow", "B:close"), p.applied);
        assertEquals(3, o.expansions(), "R, A and B");
    }

    @Test
    void equalStatesAreMergedIntoOneNode() {
        ScriptedProof p = new ScriptedProof("R")
                .edge("R", "a", "S", -1).edge("R", "b", "S", -1.5).edge("R", "c", "T", -4)
                .propose("S", "x", -1).propose("T", "y", -1);
        SearchOutcome o = run(p, budget(10, 10));
        assertEquals(SearchStatus.FAILED, o.status());
        assertEquals(3, o.nodes(), "R, S and T");
        assertEquals(List.of("R", "S", "T"), p.expanded, "S expanded once");
        assertTrue(p.released.containsAll(List.of("R", "S", "T")), "states released at the end: " + p.released);
    }

    @Test
    void failureOfEveryBranchEndsTheSearchWithTheReasons() {
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1).propose("R", "bad", -0.1)
                .propose("A", "worse", -1);
        SearchOutcome o = run(p, budget(10, 10));
        assertEquals(SearchStatus.FAILED, o.status());
        assertTrue(o.reason().contains("exhausted after 2 expansions") && o.reason().contains("tactic_failed 2"),
                o.reason());
        assertTrue(o.proof().isEmpty());
    }

    @Test
    void theExpansionBudgetStopsTheSearch() {
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1).edge("A", "b", "B", -1)
                .edge("B", "c", "QED", -1);
        SearchOutcome o = run(p, budget(2, 10));
        assertEquals(SearchStatus.BUDGET, o.status());
        assertEquals(2, o.expansions());
        assertTrue(o.reason().contains("2 expansions"), o.reason());
    }

    @Test
    void theDepthLimitStopsTheSearch() {
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1).edge("A", "b", "B", -1)
                .edge("B", "c", "QED", -1);
        SearchOutcome o = run(p, budget(10, 2));
        assertEquals(SearchStatus.BUDGET, o.status());
        assertTrue(o.reason().contains("depth limit"), o.reason());
        assertEquals(List.of("R", "A"), p.expanded);
    }

    @Test
    void theWallClockStopsTheSearch() {
        AtomicLong now = new AtomicLong();
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1).edge("A", "b", "B", -1)
                .edge("B", "c", "QED", -1);
        p.onApply = () -> now.addAndGet(Duration.ofSeconds(4).toNanos());
        SearchSettings s = new SearchSettings(100, Duration.ofSeconds(7), 10, SearchSettings.Priority.CUMULATIVE);
        SearchOutcome o = new BestFirstSearch(p, p, s, now::get).run();
        assertEquals(SearchStatus.TIMEOUT, o.status());
        assertEquals(List.of("R:a", "A:b"), p.applied);
        assertEquals(8.0, o.seconds(), 1e-9);
        assertEquals(8.0, o.leanSeconds(), 1e-9);
    }

    @Test
    void theShortestProofAmongTheLinkedStatesIsReturned() {
        // The likely path reaches S in two steps; an unlikely tactic reaches it in one.
        ScriptedProof p = new ScriptedProof("R")
                .edge("R", "a", "X", -0.1).edge("R", "c", "S", -5)
                .edge("X", "b", "S", -0.1)
                .edge("S", "d", "QED", -0.1);
        SearchOutcome o = run(p, budget(10, 10));
        assertEquals(SearchStatus.FOUND, o.status());
        assertEquals(List.of("c", "d"), o.proof());
    }

    @Test
    void lengthNormalisedPriorityPrefersLongLikelyPaths() {
        ScriptedProof p = new ScriptedProof("R")
                .edge("R", "a", "A", -1.0).edge("R", "b", "B", -1.2)
                .edge("A", "a2", "A2", -1.0)   // A2: -2.0 in total, -1.0 per step
                .propose("A2", "x", -1).propose("B", "y", -1);
        new BestFirstSearch(p, p, new SearchSettings(10, Duration.ofSeconds(60), 10,
                SearchSettings.Priority.LENGTH_NORMALISED)).run();
        assertEquals(List.of("R", "A", "A2", "B"), p.expanded);
    }

    @Test
    void aTheoremThatCannotStartIsAnError() {
        SearchOutcome o = run(new ScriptedProof(null), budget(10, 10));
        assertEquals(SearchStatus.ERROR, o.status());
        assertTrue(o.reason().contains("statement_error"), o.reason());
    }

    @Test
    void aFailingGeneratorIsAnErrorWithItsMessage() {
        ScriptedProof p = new ScriptedProof("R");
        TacticGenerator broken = new TacticGenerator() {
            @Override
            public CompletionStage<List<Candidate>> suggest(SearchState state) {
                return CompletableFuture.failedFuture(new IllegalStateException("model out of memory"));
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        SearchOutcome o = new BestFirstSearch(p, broken, budget(10, 10)).run();
        assertEquals(SearchStatus.ERROR, o.status());
        assertTrue(o.reason().contains("broken") && o.reason().contains("model out of memory"), o.reason());
    }

    @Test
    void cancellingStopsWithTheGivenStatus() {
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1).edge("A", "b", "QED", -1);
        BestFirstSearch search = new BestFirstSearch(p, p, budget(10, 10));
        p.onApply = () -> search.cancel(SearchStatus.TIMEOUT, "the run's deadline passed");
        SearchOutcome o = search.run();
        assertEquals(SearchStatus.TIMEOUT, o.status());
        assertEquals("the run's deadline passed", o.reason());
    }

    @Test
    void repeatedCandidatesAreMergedKeepingTheBestScore() {
        List<Candidate> merged = BestFirstSearch.dedupe(List.of(new Candidate("simp", -3), new Candidate(" simp ", -1),
                new Candidate("refl", -2), new Candidate("", 0)));
        assertEquals(List.of(new Candidate("simp", -1), new Candidate("refl", -2)), merged);
    }
}
