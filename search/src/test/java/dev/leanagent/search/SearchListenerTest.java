package dev.leanagent.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import static dev.leanagent.search.HeldReplies.budget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a listener of the tree (a trace) is told: every state once, every tactic tried once, linked right. */
class SearchListenerTest {

    /** Everything a listener was told, in order. */
    static final class Recorded implements SearchListener {
        final List<StateSeen> states = new ArrayList<>();
        final List<TacticTried> tactics = new ArrayList<>();
        final List<Object> events = new ArrayList<>();
        SearchOutcome outcome;
        List<Integer> path;

        @Override
        public void stateSeen(StateSeen s) {
            assertNull(outcome, "a state after the end");
            states.add(s);
            events.add(s);
        }

        @Override
        public void tacticTried(TacticTried t) {
            assertNull(outcome, "a tactic after the end");
            tactics.add(t);
            events.add(t);
        }

        @Override
        public void finished(SearchOutcome o, List<Integer> proofPath) {
            assertNull(outcome, "finished twice");
            outcome = o;
            path = proofPath;
        }

        String canonical(int id) {
            assertEquals(id, states.get(id).id(), "states are numbered in the order seen");
            return states.get(id).state().canonical();
        }

        /** The tactics as the script saw them: "parent:tactic", in the order reported. */
        List<String> tried() {
            return tactics.stream().map(t -> canonical(t.parent()) + ":" + t.candidate().tactic()).toList();
        }
    }

    @Test
    void aSequentialSearchReportsEachTacticTriedOnceInOrderWithItsParentAndChild() {
        ScriptedProof p = new ScriptedProof("R")
                .edge("R", "a", "A", -2.0).edge("R", "b", "B", -0.5).propose("R", "bad", -1.0)
                .edge("B", "b2", "B2", -3.0).edge("B", "back", "R", -0.2).edge("B", "stay", "B", -0.3)
                .edge("A", "a2", "QED", -0.1);
        Recorded r = new Recorded();
        SearchOutcome o = new BestFirstSearch(p, p, budget(10, 10, SearchSettings.Order.NODE), r).run();
        assertEquals(SearchStatus.FOUND, o.status());
        assertEquals(List.of("a", "a2"), o.proof());

        assertEquals(p.applied, r.tried(), "one line per tactic Lean was asked to run, in that order");
        assertEquals(LongStream.rangeClosed(1, p.applied.size()).boxed().toList(),
                r.tactics.stream().map(SearchListener.TacticTried::seq).toList());
        assertEquals(List.of("B", "-", "A", "R", "B", "B2", "QED"), r.tactics.stream()
                        .map(t -> t.child() == null ? "-" : r.canonical(t.child())).toList(),
                "each child is the state the script leads to");
        for (SearchListener.TacticTried t : r.tactics) {
            assertEquals(p.expanded.get(t.expansion() - 1), r.canonical(t.parent()),
                    "the expansion number follows the order the nodes were expanded in: " + t);
        }
        assertEquals(List.of("R", "B", "A", "B2", "QED"), r.states.stream().map(s -> s.state().canonical()).toList(),
                "each state once, in the order first seen");
        assertEquals(List.of(0, 1, 1, 2, 2), r.states.stream().map(SearchListener.StateSeen::depth).toList());

        Map<String, SearchListener.TacticTried> byTactic = new HashMap<>();
        r.tactics.forEach(t -> byTactic.put(r.canonical(t.parent()) + ":" + t.candidate().tactic(), t));
        assertOutcome(byTactic.get("R:b"), SearchListener.Outcome.OK, true, null);
        assertOutcome(byTactic.get("R:bad"), SearchListener.Outcome.ERROR, false, "tactic_failed");
        assertEquals("bad failed", byTactic.get("R:bad").errorMessage());
        assertOutcome(byTactic.get("B:back"), SearchListener.Outcome.OK, false, null); // linked to a known state
        assertOutcome(byTactic.get("B:stay"), SearchListener.Outcome.ERROR, false, "no_progress");
        assertOutcome(byTactic.get("A:a2"), SearchListener.Outcome.PROVED, true, null);
        assertEquals(-0.5, byTactic.get("R:b").candidate().logprob());
        assertEquals(List.of(1, 1, 1, 2, 2, 2, 3), r.tactics.stream().map(SearchListener.TacticTried::expansion).toList());

        assertEquals(o, r.outcome);
        assertEquals(List.of("R", "A", "QED"), r.path.stream().map(r::canonical).toList(), "the states along the proof");
        assertTrue(r.events.indexOf(r.states.get(4)) < r.events.indexOf(byTactic.get("A:a2")),
                "a state is reported before the tactic that refers to it");
    }

    @Test
    void withTacticsInParallelEveryTacticSentIsReportedOnceWhateverOrderTheRepliesCameIn() {
        for (long seed = 1; seed <= 20; seed++) {
            ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1).edge("R", "b", "B", -2)
                    .edge("R", "c", "C", -3).propose("R", "d", -4).edge("A", "x", "B", -0.5).propose("A", "y", -0.6)
                    .edge("B", "z", "Z", -1).edge("C", "w", "QED", -0.1).edge("Z", "done", "QED", -0.1);
            Recorded r = new Recorded();
            HeldReplies held = new HeldReplies(p, budget(10, 10, SearchSettings.Order.TACTIC), 3, r);
            SearchOutcome o = held.run(HeldReplies.shuffled(seed));
            String what = "order " + seed;
            List<SearchTree.Apply> sent = held.sent.stream().filter(q -> q instanceof SearchTree.Apply)
                    .map(q -> (SearchTree.Apply) q).toList();
            assertEquals(sent.size(), r.tactics.size(), what + ": one line per tactic sent");
            Set<Long> seqs = new HashSet<>();
            for (SearchListener.TacticTried t : r.tactics) {
                assertTrue(seqs.add(t.seq()), what + ": " + t.seq() + " twice");
                SearchTree.Apply a = sent.get((int) t.seq() - 1);
                assertEquals(a.state().canonical(), r.canonical(t.parent()), what + ": the parent of " + t);
                assertEquals(a.candidate(), t.candidate(), what);
                if (t.outcome() == SearchListener.Outcome.OK || t.outcome() == SearchListener.Outcome.PROVED) {
                    String expected = switch (a.state().canonical() + ":" + a.candidate().tactic()) {
                        case "R:a" -> "A";
                        case "R:b", "A:x" -> "B";
                        case "R:c" -> "C";
                        case "B:z" -> "Z";
                        default -> "QED";
                    };
                    assertEquals(expected, r.canonical(t.child()), what + ": the child of " + t);
                }
            }
            assertEquals(SearchStatus.FOUND, o.status(), what);
            List<String> along = r.path.stream().map(r::canonical).toList();
            assertEquals(o.proof().size() + 1, along.size(), what);
            assertEquals("QED", along.get(along.size() - 1), what);
            assertEquals(o.nodes(), r.states.size(), what + ": every node reported once");
        }
    }

    @Test
    void tacticsInFlightWhenTheSearchStopsAreReportedUnansweredAndTheirLateRepliesNotAtAll() {
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1).edge("R", "b", "B", -2).edge("A", "c", "QED", -1);
        Recorded r = new Recorded();
        HeldReplies held = new HeldReplies(p, budget(10, 10, SearchSettings.Order.NODE), 4, r);
        held.send();
        held.deliver(0);
        held.send();
        held.deliver(0);
        held.send();
        held.tree.stop(SearchStatus.ERROR, "cancelled");
        assertEquals(List.of(SearchListener.Outcome.UNANSWERED, SearchListener.Outcome.UNANSWERED),
                r.tactics.stream().map(SearchListener.TacticTried::outcome).toList());
        assertEquals(List.of(1L, 2L), r.tactics.stream().map(SearchListener.TacticTried::seq).toList());
        assertEquals(List.of(), r.path);
        assertEquals("cancelled", r.outcome.reason());
        held.deliver(0);
        held.deliver(0);
        assertEquals(2, r.tactics.size(), "replies after the end are not reported");
        assertEquals(1, r.states.size());
    }

    @Test
    void aTacticWhoseRequestFailedIsReportedAsAnEnvironmentFailure() {
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1);
        ProofEnvironment broken = new ProofEnvironment() {
            @Override
            public java.util.concurrent.CompletionStage<TacticResult> start() {
                return p.start();
            }

            @Override
            public java.util.concurrent.CompletionStage<TacticResult> apply(SearchState state, String tactic) {
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("pool stopped"));
            }
        };
        Recorded r = new Recorded();
        SearchOutcome o = new BestFirstSearch(broken, p, budget(10, 10, SearchSettings.Order.NODE), r).run();
        assertEquals(SearchStatus.ERROR, o.status());
        assertEquals(1, r.tactics.size());
        assertOutcome(r.tactics.get(0), SearchListener.Outcome.ERROR, false, "environment_failed");
        assertEquals("pool stopped", r.tactics.get(0).errorMessage());
    }

    @Test
    void aRootThatIsAlreadyCompleteIsItsOwnProofPath() {
        ScriptedProof p = new ScriptedProof("QED");
        Recorded r = new Recorded();
        new BestFirstSearch(p, p, budget(10, 10, SearchSettings.Order.NODE), r).run();
        assertEquals(List.of(0), r.path);
        assertEquals(List.of(), r.tactics);
    }

    private static void assertOutcome(SearchListener.TacticTried t, SearchListener.Outcome outcome, boolean newChild,
                                      String errorKind) {
        assertNotNull(t);
        assertEquals(outcome, t.outcome(), t.toString());
        assertEquals(newChild, t.newChild(), t.toString());
        assertEquals(errorKind, t.errorKind(), t.toString());
        assertEquals(outcome == SearchListener.Outcome.ERROR && !"no_progress".equals(errorKind), t.child() == null,
                t.toString());
        assertTrue(t.leanNanos() >= 0);
    }

    @Test
    void bothListenersAreToldEverythingInTheSameOrder() {
        ScriptedProof p = new ScriptedProof("R").edge("R", "a", "A", -1.0).propose("R", "bad", -2.0)
                .edge("A", "a2", "QED", -0.1);
        Recorded first = new Recorded();
        Recorded second = new Recorded();
        SearchOutcome o = new BestFirstSearch(p, p, budget(10, 10, SearchSettings.Order.NODE),
                SearchListener.both(first, second)).run();
        assertEquals(SearchStatus.FOUND, o.status());
        assertEquals(first.events, second.events);
        assertEquals(3, first.states.size(), () -> "R, A and QED: " + first.states);
        assertEquals(o, second.outcome);
        assertEquals(first.path, second.path);
        assertTrue(SearchListener.both(first, SearchListener.NONE) == first, "NONE adds nothing");
    }
}
