package dev.leanagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leanagent.agent.trace.TraceFormat;
import dev.leanagent.agent.trace.TraceLine;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `prove --trace` on the core-Lean examples with a real Lean 3, and `export-pairs` on what it wrote. */
class TraceEndToEndTest {

    @BeforeEach
    void needsLean() {
        LeanTests.toolchainOrSkip("trace end-to-end tests");
    }

    @Test
    void eachProofFollowsItsTraceAndExportPairsGivesExactlyItsSteps(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("core.lean");
        Files.copy(Path.of("..", "examples", "core.lean"), file);
        Path out = dir.resolve("results.jsonl");
        Path traces = dir.resolve("traces");
        assertEquals(0, Main.run("prove", file.toString(), "--out", out.toString(), "--trace", traces.toString(),
                "--workers", "2", "--expansions", "20"));

        List<JsonNode> results = new ArrayList<>();
        for (String l : Files.readAllLines(out)) results.add(ProofResults.json().readTree(l));
        assertEquals(3, results.size());
        List<String> expectedPairs = new ArrayList<>();
        for (JsonNode r : results) {
            assertEquals("proved", r.path("status").asText(), r.toString());
            String name = r.path("name").asText();
            Path trace = traces.resolve(TraceFormat.fileName(r.path("file").asText(), name, 1));
            assertTrue(Files.isRegularFile(trace), "a trace per theorem: " + trace);

            Map<Integer, TraceLine.State> states = new HashMap<>();
            Map<String, TraceLine.Tactic> worked = new HashMap<>();
            List<String> lines = Files.readAllLines(trace);
            TraceLine.Search header = (TraceLine.Search) TraceFormat.read(lines.get(0));
            assertEquals(List.of(file.toString(), name, 1), List.of(header.file(), header.name(), header.attempt()));
            int tactics = 0;
            for (String l : lines) {
                TraceLine line = TraceFormat.read(l);
                if (line instanceof TraceLine.State s) states.put(s.id(), s);
                if (line instanceof TraceLine.Tactic t) {
                    tactics++;
                    assertTrue(t.leanMs() >= 0, l);
                    if (t.child() != null && !t.outcome().equals("error")) worked.put(t.parent() + ":" + t.tactic(), t);
                }
            }
            TraceLine.End end = (TraceLine.End) TraceFormat.read(lines.get(lines.size() - 1));
            assertEquals("found", end.status());
            assertTrue(tactics >= r.path("proof").size(), "at least the proof's tactics were tried");
            assertTrue(states.get(0).canonical().contains("⊢"), states.get(0).canonical());

            // the reported proof, followed from the root through the trace, ends in the complete state
            int at = 0;
            List<Integer> path = new ArrayList<>(List.of(0));
            for (JsonNode tactic : r.path("proof")) {
                TraceLine.Tactic t = worked.get(at + ":" + tactic.asText());
                assertNotNull(t, name + ": no line for " + tactic + " from state " + at + " in " + trace);
                expectedPairs.add(name + " | " + states.get(at).canonical() + " | " + tactic.asText());
                at = t.child();
                path.add(at);
            }
            assertTrue(states.get(at).complete(), name);
            assertEquals(path, end.path(), name + ": the trace's proof path is the reported proof's");
        }

        Path pairs = dir.resolve("pairs.jsonl");
        assertEquals(0, Main.run("export-pairs", "--results", out.toString(), "--traces", traces.toString(),
                "--out", pairs.toString()));
        List<String> got = new ArrayList<>();
        for (String l : Files.readAllLines(pairs)) {
            JsonNode p = ProofResults.json().readTree(l);
            assertEquals("pretty", p.path("state_text").asText(), "the model's prompt text, as Lean prints it");
            assertTrue(p.path("state").asText().contains("⊢"), l);
            got.add(p.path("name").asText() + " | " + p.path("state").asText() + " | " + p.path("tactic").asText());
        }
        assertEquals(expectedPairs.stream().sorted().toList(), got.stream().sorted().toList(),
                "exactly the steps of the proofs");
    }

    @Test
    void aTraceDirectoryThatCannotBeMadeIsAUsageErrorBeforeAnySearch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("core.lean");
        Files.copy(Path.of("..", "examples", "core.lean"), file);
        Path notADir = dir.resolve("taken");
        Files.writeString(notADir, "a file");
        Path out = dir.resolve("r.jsonl");
        String err = ProveEndToEndTest.captureErr(() -> assertEquals(2, Main.run("prove", file.toString(), "--out",
                out.toString(), "--trace", notADir.toString())));
        assertTrue(err.contains("--trace " + notADir + ": cannot make the directory"), err);
        assertTrue(!Files.exists(out), "no search ran");

        String help = ProveEndToEndTest.captureOut(() -> Main.run("bench", "minif2f", "--help"));
        assertTrue(help.contains("--trace=DIR") || help.contains("--trace DIR"), help);
    }
}
