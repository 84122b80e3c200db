package dev.leanagent.minif2f.run;

import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.minif2f.Summary;
import dev.leanagent.minif2f.Workspace;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run logic on a fake prover: no Lean, no model. */
class SplitRunTest {

    @TempDir
    Path tmp;
    private Workspace ws;
    private LeanToolchain lean;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), log = new ByteArrayOutputStream();

    @BeforeEach
    void workspace() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("minif2f/lean/src"));
        Files.writeString(src.resolve("minif2f_import.lean"), "-- stands in for mathlib\n");
        Files.writeString(src.resolve("test.lean"), "theorem mathd_algebra_9 : 1 = 1 := sorry\n");
        Files.writeString(src.resolve("valid.lean"), """
                open nat

                theorem mathd_algebra_1 : 2 + 2 = 4 := sorry

                theorem amc12_2 : 1 + 1 = 2 := sorry

                lemma imo_3 : 2 + 2 = 5 := sorry

                theorem induction_4 (n : ℕ) : n + 0 = n := sorry
                """);
        ws = new Workspace(tmp.resolve("minif2f"));
        lean = new LeanToolchain(tmp.resolve("lean/bin/lean"), Workspace.LEAN_VERSION,
                List.of(Files.createDirectories(tmp.resolve("lean/library"))), "a test");
    }

    private RunRequest request(int attempts, boolean resume) {
        return new RunRequest("valid", ws, Optional.empty(), null, null, attempts, tmp.resolve("run"), resume);
    }

    private Summary run(SplitRun run, TheoremProver prover) throws Exception {
        return run.run(prover, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private List<ProofResult> results() throws IOException {
        return ProofResults.read(tmp.resolve("run/results.jsonl"));
    }

    /** Proves whatever is named like an algebra or induction problem; records what it was asked, in order. */
    static class FakeProver implements TheoremProver {
        final List<Attempt> asked = new ArrayList<>();
        int warmUps;
        Optional<String> loadFailure = Optional.empty();
        Consumer<ProofResult> afterEach = r -> { };

        @Override
        public Map<String, String> settings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("generator", "fake");
            return m;
        }

        @Override
        public int concurrency() {
            return 3;
        }

        @Override
        public Optional<String> warmUp() {
            warmUps++;
            return loadFailure;
        }

        @Override
        public void prove(List<Attempt> attempts, Consumer<ProofResult> onResult) {
            // the last one first: results arrive in the order the searches finish, not the file's
            for (int i = attempts.size() - 1; i >= 0; i--) {
                Attempt a = attempts.get(i);
                asked.add(a);
                ProofResult r = result(a.name(), a.number(), a.name().contains("algebra") || a.name().contains("induction"));
                onResult.accept(r);
                afterEach.accept(r);
            }
        }

        @Override
        public Map<String, String> account() {
            return Map.of("workers", "1 worker: a fake");
        }
    }

    static ProofResult result(String name, int attempt, boolean proved) {
        return new ProofResult("valid.lean", name, proved ? "proved" : "failed", proved ? List.of("norm_num") : List.of(),
                proved ? null : "search space exhausted", 3, 4, 1.5, 0, 1.5, proved, "fake", null, null,
                new ProofResult.Budgets(100, 600, 50, 5000, 100000), null, attempt);
    }

    @Test
    void everyTheoremOnceAnAttemptNumberedAndCounted() throws Exception {
        SplitRun run = SplitRun.prepare(request(2, false), lean, List.of());
        FakeProver prover = new FakeProver();
        Summary s = run(run, prover);

        assertEquals(1, prover.warmUps, "Lean is started once, before the first search");
        assertEquals(List.of("induction_4#1", "imo_3#1", "amc12_2#1", "mathd_algebra_1#1",
                        "induction_4#2", "imo_3#2", "amc12_2#2", "mathd_algebra_1#2"),
                prover.asked.stream().map(a -> a.name() + "#" + a.number()).toList(), "lemmas count as theorems too");
        List<ProofResult> rs = results();
        assertEquals(8, rs.size());
        assertEquals("induction_4", rs.get(0).name(), "lines are in the order results arrived");
        assertEquals(2, s.provedAt1());
        assertEquals(4, s.theorems());
        assertEquals(2, s.attempts());
        String runJson = Files.readString(tmp.resolve("run/run.json"));
        assertTrue(runJson.contains("\"split\":\"valid (4 theorems") && runJson.contains("\"attempts\":\"2\"")
                && runJson.contains("\"generator\":\"fake\"") && runJson.contains("\"workers\":\"1 worker: a fake\"")
                && runJson.contains("Lean 3.42.1 at"), runJson);
        assertTrue(Files.readString(tmp.resolve("run/report.md")).contains("**pass@1: 2 / 4 = 50.0%**"));
        assertTrue(Files.exists(tmp.resolve("run/summary.json")));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("miniF2F valid: pass@1 2/4 = 50.0%"), out.toString());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("attempt 2: 4 theorems to run (0 done before), 3 at a time"),
                log.toString());
    }

    @Test
    void eachResultIsOnDiskBeforeTheNextArrives() throws Exception {
        SplitRun run = SplitRun.prepare(request(1, false), lean, List.of());
        FakeProver prover = new FakeProver();
        List<Integer> linesSeen = new ArrayList<>();
        prover.afterEach = r -> {
            try {
                linesSeen.add(results().size());
                assertEquals(r.name(), results().get(results().size() - 1).name());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        run(run, prover);
        assertEquals(List.of(1, 2, 3, 4), linesSeen);
    }

    @Test
    void resumeSkipsFinishedAttemptsAndMendsALineCutByAKill() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("run")).resolve("results.jsonl");
        String cut = ProofResults.line(result("amc12_2", 1, false));
        Files.writeString(results, ProofResults.line(result("mathd_algebra_1", 1, true)) + "\n"
                + ProofResults.line(result("imo_3", 2, false)) + "\n" + cut.substring(0, 25)); // killed mid-line
        SplitRun run = SplitRun.prepare(request(2, true), lean, List.of());
        FakeProver prover = new FakeProver();
        run(run, prover);

        Set<String> asked = prover.asked.stream().map(a -> a.name() + "#" + a.number()).collect(Collectors.toSet());
        assertEquals(Set.of("amc12_2#1", "imo_3#1", "induction_4#1", "mathd_algebra_1#2", "amc12_2#2", "induction_4#2"),
                asked, "finished attempts are not run again; the one cut off is");
        List<ProofResult> rs = results();
        assertEquals(8, rs.size(), "every new line is readable, none glued to the cut one: " + rs);
        assertEquals(8, rs.stream().map(r -> r.name() + "#" + r.attempt()).distinct().count());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("attempt 1: 3 theorems to run (1 done before)"),
                log.toString());
    }

    @Test
    void aRunWithNothingLeftStartsNoLean() throws Exception {
        SplitRun first = SplitRun.prepare(request(1, false), lean, List.of());
        first.run(new FakeProver(), new PrintStream(out), new PrintStream(log));
        FakeProver again = new FakeProver() {
            @Override
            public Map<String, String> account() {
                throw new AssertionError("no Lean was started, so there is no pool to account for");
            }
        };
        run(SplitRun.prepare(request(1, true), lean, List.of()), again);
        assertEquals(0, again.warmUps);
        assertEquals(List.of(), again.asked);
        assertEquals(4, results().size());
    }

    @Test
    void resultsOfAnotherRunAreNotMixedIn() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("run")).resolve("results.jsonl");
        Files.writeString(results, ProofResults.line(result("mathd_algebra_1", 1, true)) + "\n");
        RunSetupException e = assertThrows(RunSetupException.class, () -> SplitRun.prepare(request(1, false), lean, List.of()));
        assertTrue(e.getMessage().contains("already has results: add --resume"), e.getMessage());
    }

    @Test
    void importsThatDoNotLoadStopTheRunBeforeAnySearch() throws Exception {
        SplitRun run = SplitRun.prepare(request(1, false), lean, List.of());
        FakeProver prover = new FakeProver();
        prover.loadFailure = Optional.of(ImportLoadFailureTest.LEAN_ON_A_CORRUPTED_OLEAN);
        RunSetupException e = assertThrows(RunSetupException.class, () -> run(run, prover));
        assertTrue(e.getMessage().contains("Lean could not load foo (file '/ws/lib/foo.olean' has been corrupted)"),
                e.getMessage());
        assertEquals(List.of(), prover.asked);
        assertFalse(Files.exists(tmp.resolve("run/results.jsonl")), "no theorem was run");
    }

    @Test
    void namesAndLimitSelectInFileOrder() throws Exception {
        Path names = Files.writeString(tmp.resolve("names"), "# a comment\ninduction_4\n\nmathd_algebra_1\n");
        RunRequest byName = new RunRequest("valid", ws, Optional.empty(), null, names, 1, tmp.resolve("a"), false);
        assertEquals(List.of("mathd_algebra_1", "induction_4"),
                SplitRun.prepare(byName, lean, List.of()).theorems().stream().map(d -> d.name()).toList());
        RunRequest limited = new RunRequest("valid", ws, Optional.empty(), 2, null, 1, tmp.resolve("b"), false);
        assertEquals(List.of("mathd_algebra_1", "amc12_2"),
                SplitRun.prepare(limited, lean, List.of()).theorems().stream().map(d -> d.name()).toList());

        Files.writeString(names, "mathd_algebra_1\nno_such_theorem\n");
        RunSetupException unknown = assertThrows(RunSetupException.class, () -> SplitRun.prepare(byName, lean, List.of()));
        assertEquals("not in valid.lean: [no_such_theorem]", unknown.getMessage());
        RunRequest zero = new RunRequest("valid", ws, Optional.empty(), 0, null, 1, tmp.resolve("c"), false);
        assertThrows(RunSetupException.class, () -> SplitRun.prepare(zero, lean, List.of()));
    }

    @Test
    void optionsAndTheLeanVersionAreCheckedFirst() throws Exception {
        RunRequest dev = new RunRequest("dev", ws, Optional.empty(), null, null, 1, tmp.resolve("a"), false);
        assertThrows(RunSetupException.class, () -> SplitRun.prepare(dev, lean, List.of()));
        assertThrows(RunSetupException.class, () -> SplitRun.prepare(request(0, false), lean, List.of()));
        LeanToolchain other = new LeanToolchain(lean.lean(), "3.51.1", lean.corePath(), "a test");
        RunSetupException e = assertThrows(RunSetupException.class, () -> SplitRun.prepare(request(1, false), other, List.of()));
        assertTrue(e.getMessage().startsWith("miniF2F pins Lean 3.42.1") && e.getMessage().contains("Lean 3.51.1"),
                e.getMessage());
        RunRequest empty = new RunRequest("valid", new Workspace(tmp.resolve("none")), Optional.empty(), null, null, 1,
                tmp.resolve("b"), false);
        assertTrue(assertThrows(RunSetupException.class, () -> SplitRun.prepare(empty, lean, List.of())).getMessage()
                .startsWith("the miniF2F workspace is incomplete"));
    }
}
