package dev.leanagent.agent.trace;

import dev.leanagent.search.BestFirstSearch;
import dev.leanagent.search.SearchListener;
import dev.leanagent.search.SearchOutcome;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.SearchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scripted search's trace file: one line per tactic tried, linked to its states, in the order of the search. */
class TraceWriterTest {

    static final SearchSettings SETTINGS = new SearchSettings(10, Duration.ofSeconds(600), 10,
            SearchSettings.Priority.CUMULATIVE, SearchSettings.Order.NODE);

    /** R: b (to B) is likeliest, bad fails, a leads to A, which a2 closes; B's back returns to R. */
    static Scripted script() {
        return new Scripted("R").edge("R", "a", "A", -2.0).edge("R", "b", "B", -0.5).propose("R", "bad", -1.0)
                .edge("B", "b2", "B2", -3.0).edge("B", "back", "R", -0.2).edge("A", "a2", "QED", -0.1);
    }

    /** Searches the script with a trace in {@code dir}, as the agent does for theorem {@code name} of {@code file}. */
    static SearchOutcome traced(Path dir, Scripted s, String file, String name, int attempt) {
        SearchListener trace = TraceDirectory.create(dir).open(file, name, attempt, s.name(), SETTINGS, 1);
        return new BestFirstSearch(s, s, SETTINGS, trace).run();
    }

    static List<TraceLine> read(Path trace) throws Exception {
        List<TraceLine> out = new ArrayList<>();
        for (String l : Files.readAllLines(trace)) out.add(TraceFormat.read(l));
        return out;
    }

    @Test
    void aTraceHasOneLinePerTacticTriedWithItsParentChildAndOrder(@TempDir Path dir) throws Exception {
        Scripted s = script();
        SearchOutcome o = traced(dir, s, "work/core.lean", "examples.t", 1);
        assertEquals(SearchStatus.FOUND, o.status());
        Path file = dir.resolve("core-examples.t-1.jsonl");
        assertTrue(Files.isRegularFile(file), "named after the file, theorem and attempt");
        List<TraceLine> lines = read(file);

        TraceLine.Search header = (TraceLine.Search) lines.get(0);
        assertEquals(List.of("work/core.lean", "examples.t", 1, "scripted", 1, 10, "node"), List.of(header.file(),
                header.name(), header.attempt(), header.generator(), header.parallelTactics(), header.maxExpansions(),
                header.order()));

        Map<Integer, String> states = new HashMap<>();
        List<TraceLine.Tactic> tactics = new ArrayList<>();
        for (TraceLine l : lines.subList(1, lines.size() - 1)) {
            if (l instanceof TraceLine.State st) {
                assertEquals(states.size(), st.id(), "states numbered in the order first seen");
                assertNull(states.put(st.id(), st.canonical()));
                assertEquals("⊢ " + st.canonical(), st.pretty(), "the printout the model is prompted with, beside the key");
                assertEquals(st.canonical().equals("QED"), st.complete());
            } else {
                TraceLine.Tactic t = (TraceLine.Tactic) l;
                assertTrue(states.containsKey(t.parent()), "the parent's state line comes first: " + t);
                if (t.child() != null) assertTrue(states.containsKey(t.child()), "the child's state line comes first: " + t);
                tactics.add(t);
            }
        }
        assertEquals(new HashSet<>(states.values()).size(), states.size(), "each state once");
        assertEquals(s.applied, tactics.stream().map(t -> states.get(t.parent()) + ":" + t.tactic()).toList(),
                "one line per tactic Lean was asked to run, in the order of the search");
        assertEquals(LongStream.rangeClosed(1, tactics.size()).boxed().toList(),
                tactics.stream().map(TraceLine.Tactic::seq).toList());
        assertEquals(List.of(1, 1, 1, 2, 2, 3), tactics.stream().map(TraceLine.Tactic::expansion).toList());
        for (TraceLine.Tactic t : tactics) {
            String to = s.target(states.get(t.parent()), t.tactic());
            if (to == null) {
                assertEquals(List.of("error", "tactic_failed"), List.of(t.outcome(), t.errorKind()), t.toString());
                assertNull(t.child());
            } else {
                assertEquals(to, states.get(t.child()), "the child is the state the tactic led to: " + t);
                assertEquals(to.equals("QED") ? "proved" : "ok", t.outcome(), t.toString());
            }
            assertTrue(t.leanMs() >= 0);
        }
        assertEquals(-0.5, tactics.get(0).logprob(), "R's best candidate first, with its log-prob");
        TraceLine.Tactic back = tactics.stream().filter(t -> t.tactic().equals("back")).findFirst().orElseThrow();
        assertEquals(List.of("ok", 0, false), List.of(back.outcome(), back.child(), back.newChild()),
                "a state reached again is linked by its id");

        TraceLine.End end = (TraceLine.End) lines.get(lines.size() - 1);
        assertEquals("found", end.status());
        assertEquals(o.proof(), end.proof());
        assertEquals(List.of("R", "A", "QED"), end.path().stream().map(states::get).toList());

        String raw = Files.readString(file);
        for (String field : List.of("\"type\":\"tactic\"", "\"lean_ms\":", "\"new_child\":", "\"error_kind\":",
                "\"pretty\":\"⊢ R\"", "\"canonical\":\"R\"")) {
            assertTrue(raw.contains(field), field + " as TRACES.md documents it");
        }
    }

    @Test
    void aRunningSearchsTraceIsAPartFileUntilTheSearchEnds(@TempDir Path dir) throws Exception {
        SearchListener trace = TraceDirectory.create(dir).open("a.lean", "t", 2, "scripted", SETTINGS, 4);
        trace.stateSeen(new SearchListener.StateSeen(0, new SearchState("h", "⊢ true", false, List.of()), 0));
        assertTrue(Files.exists(dir.resolve("a-t-2.jsonl.part")));
        assertFalse(Files.exists(dir.resolve("a-t-2.jsonl")), "an unfinished trace never has the final name");
        trace.finished(new SearchOutcome(SearchStatus.TIMEOUT, List.of(), "no proof within 1 s", 1, 1, 1, 0, 0),
                List.of());
        assertFalse(Files.exists(dir.resolve("a-t-2.jsonl.part")));
        List<TraceLine> lines = read(dir.resolve("a-t-2.jsonl"));
        assertEquals(3, lines.size());
        assertEquals("⊢ true", ((TraceLine.State) lines.get(1)).canonical());
        assertEquals("timeout", ((TraceLine.End) lines.get(2)).status());
    }

    @Test
    void fileNamesAreSafeAndKeepDistinctTheoremsApart() {
        assertEquals("core-examples.two_add_two-1.jsonl", TraceFormat.fileName("examples/core.lean", "examples.two_add_two", 1));
        Set<String> names = new HashSet<>();
        for (String theorem : List.of("examples.or_comm'", "examples.or_comm_", "../../etc/passwd", "α_β", "a-b", "a_b",
                ".hidden", "x".repeat(300), "x".repeat(301))) {
            String n = TraceFormat.fileName("dir/my file.lean", theorem, 1);
            assertTrue(n.matches("[A-Za-z0-9_.-]+") && !n.startsWith(".") && n.length() < 255, n);
            assertTrue(names.add(n), "two theorems share " + n);
        }
        assertNotEquals(TraceFormat.fileName("a.b.lean", "c", 1), TraceFormat.fileName("a.lean", "b.c", 1));
        assertNotEquals(TraceFormat.fileName("a.lean", "t", 1), TraceFormat.fileName("a.lean", "t", 2));
    }
}
