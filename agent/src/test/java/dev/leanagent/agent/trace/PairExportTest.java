package dev.leanagent.agent.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leanagent.agent.Main;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training pairs from results and traces, and the errors that name the file and line of bad input. */
class PairExportTest {

    private static ProofResult result(String name, String status, List<String> proof) {
        return new ProofResult("work/core.lean", name, status, proof, null, 3, 4, 0.1, 0, 0.1,
                status.equals(ProofResult.PROVED), "scripted", null, null, null, null, 1);
    }

    private static void writeResults(Path file, ProofResult... results) throws Exception {
        List<String> lines = new ArrayList<>();
        for (ProofResult r : results) lines.add(ProofResults.line(r));
        Files.write(file, lines);
    }

    /** A run: t proved by a, a2 (traced), u failed (traced), v failed (no trace, none needed). */
    private static Path run(Path dir) throws Exception {
        Path traces = dir.resolve("traces");
        TraceWriterTest.traced(traces, TraceWriterTest.script(), "work/core.lean", "t", 1);
        TraceWriterTest.traced(traces, new Scripted("R").propose("R", "bad", -1), "work/core.lean", "u", 1);
        writeResults(dir.resolve("results.jsonl"), result("t", "error", List.of()), result("u", "failed", List.of()),
                result("v", "failed", List.of()), result("t", "proved", List.of("a", "a2")));
        return traces;
    }

    @Test
    void thePairsAreTheStatesAlongEachProofWithTheTacticAppliedThere(@TempDir Path dir) throws Exception {
        Path traces = run(dir);
        PairExport.Export e = PairExport.export(dir.resolve("results.jsonl"), traces);
        assertEquals(1, e.proofs(), "the last line of t stands (proved); u and v were not");
        assertEquals(List.of("⊢ R -> a", "⊢ A -> a2"), e.pairs().stream().map(p -> p.state() + " -> " + p.tactic()).toList());
        assertEquals(List.of(0, 1), e.pairs().stream().map(PairExport.Pair::step).toList());
        PairExport.Pair first = e.pairs().get(0);
        assertEquals(List.of("work/core.lean", "t", 1, "pretty", "⊢ R", "R", -2.0, 0), List.of(first.file(), first.name(),
                first.attempt(), first.stateText(), first.state(), first.canonical(), first.logprob(), first.stateId()),
                "the prompt is the pretty text; the canonical one is kept beside it");
        assertEquals(0, e.unfinishedTraces());
    }

    @Test
    void theCanonicalTextStandsInWhenTheTraceHasNoPrettyText(@TempDir Path dir) throws Exception {
        Path traces = run(dir);
        Path t = traces.resolve(TraceFormat.fileName("work/core.lean", "t", 1));
        String before = Files.readString(t);
        Files.writeString(t, before.replace("\"canonical\":\"A\",\"pretty\":\"⊢ A\"",
                "\"canonical\":\"A\",\"pretty\":null"));
        assertTrue(!before.equals(Files.readString(t)), "the state line of A was rewritten");
        List<PairExport.Pair> pairs = PairExport.export(dir.resolve("results.jsonl"), traces).pairs();
        assertEquals(List.of("pretty", "canonical"), pairs.stream().map(PairExport.Pair::stateText).toList());
        assertEquals("A", pairs.get(1).state());
        assertEquals("A", pairs.get(1).canonical());
    }

    @Test
    void exportPairsWritesOneJsonLinePerPair(@TempDir Path dir) throws Exception {
        Path traces = run(dir);
        Files.writeString(traces.resolve("x-y-1.jsonl.part"), "{\"type\":\"search\"");
        Path out = dir.resolve("pairs.jsonl");
        String[] printed = capture(() -> assertEquals(0, Main.run("export-pairs", "--results",
                dir.resolve("results.jsonl").toString(), "--traces", traces.toString(), "--out", out.toString())));
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        JsonNode p = ProofResults.json().readTree(lines.get(1));
        assertEquals(List.of("⊢ A", "a2", "pretty", "1"), List.of(p.path("state").asText(), p.path("tactic").asText(),
                p.path("state_text").asText(), p.path("step").asText()));
        assertTrue(printed[0].contains("wrote 2 pairs from 1 proofs"), printed[0]);
        assertTrue(printed[1].contains("1 traces") && printed[1].contains("cut short"), printed[1]);

        String help = capture(() -> Main.run("export-pairs", "--help"))[0];
        for (String s : List.of("--results", "--traces", "--out", "state_text", "TRACES.md")) assertTrue(help.contains(s), s);
    }

    @Test
    void badInputIsAnErrorNamingTheFileAndLineAndWritesNothing(@TempDir Path dir) throws Exception {
        Path traces = run(dir);
        Path results = dir.resolve("results.jsonl");
        Path trace = traces.resolve(TraceFormat.fileName("work/core.lean", "t", 1));

        assertError("the results file " + dir.resolve("none.jsonl") + " does not exist", dir.resolve("none.jsonl"), traces);
        assertError("the trace directory " + dir.resolve("nowhere") + " does not exist", results, dir.resolve("nowhere"));

        Path garbled = dir.resolve("garbled.jsonl");
        Files.writeString(garbled, Files.readString(results) + "{not json\n");
        assertError(garbled + " line 5 is not a result line", garbled, traces);

        Path other = dir.resolve("other.jsonl");
        writeResults(other, result("u", "failed", List.of()), result("w", "proved", List.of("a")));
        assertError(other + " line 2: w (work/core.lean, attempt 1) is proved but " + traces + " has no trace of it",
                other, traces);

        writeResults(other, result("t", "proved", List.of("b", "b2")));
        assertError(trace + " line " + Files.readAllLines(trace).size() + ": the trace's proof [a, a2] is not "
                + other + " line 1's [b, b2]", other, traces);

        writeResults(other, result("u", "proved", List.of("bad")));
        assertError("the search ended failed, but " + other + " line 1 says u", other, traces);

        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        Path copy = traces.resolve("copy.jsonl");
        Files.write(copy, lines);
        assertError(" both trace t (work/core.lean, attempt 1)", results, traces);
        Files.delete(copy);

        lines.set(3, "{\"type\":\"tactic\",\"seq\":");
        Files.write(trace, lines);
        assertError(trace + " line 4 is not a trace line", results, traces);

        Files.write(trace, List.copyOf(new ArrayList<>(Files.readAllLines(trace)).subList(0, 3)));
        assertError(trace + " has no end line", results, traces);

        Path out = dir.resolve("pairs.jsonl");
        String err = capture(() -> assertEquals(2, Main.run("export-pairs", "--results", results.toString(),
                "--traces", traces.toString(), "--out", out.toString())))[1];
        assertTrue(err.contains(trace + " has no end line"), err);
        assertFalse(Files.exists(out), "nothing written from bad input");
        err = capture(() -> assertEquals(2, Main.run("export-pairs", "--results", results.toString())))[1];
        assertTrue(err.contains("--traces") && err.contains("--out"), err);
    }

    private static void assertError(String expected, Path results, Path traces) {
        PairExport.ExportException e = assertThrows(PairExport.ExportException.class,
                () -> PairExport.export(results, traces));
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in: " + e.getMessage());
    }

    /** stdout and stderr of {@code r}. */
    private static String[] capture(Runnable r) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            r.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {o.toString(), e.toString()};
    }
}
