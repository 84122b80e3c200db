package dev.leanagent.agent;

import com.typesafe.config.ConfigFactory;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.Progress;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.ResultsFile;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.runtime.Cancellation;
import dev.leanagent.agent.runtime.RunCancelledException;
import dev.leanagent.bridge.LeanTestSupport;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.repl.ReplSettings;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.ErrorOrigin;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run cancelled while its search has tactics running in Lean: what it writes and what it leaves. */
class CancellationTest {

    /** Two tactics on every state that keep Lean busy for their whole limit and change nothing. */
    private static final TacticGenerator SLOW = new TacticGenerator() {
        @Override
        public CompletionStage<List<Candidate>> suggest(SearchState state) {
            return CompletableFuture.completedFuture(List.of(
                    new Candidate("iterate 1000000000 {skip}", -1, Duration.ofSeconds(3)),
                    new Candidate("iterate 999999999 {skip}", -2, Duration.ofSeconds(3))));
        }

        @Override
        public String name() {
            return "slow";
        }
    };

    @Test
    void cancelledWithTacticsInFlightTheSearchWritesCancelledAndLeavesNoStateNoProcessNoWorkDir(@TempDir Path dir)
            throws Exception {
        LeanToolchain toolchain = LeanTests.toolchainOrSkip("cancellation tests");
        Path file = Files.writeString(dir.resolve("slow.lean"),
                "theorem slow_one : (1 : ℕ) = 1 := sorry\n\ntheorem not_started : true := sorry\n");
        LeanFile lean = LeanFileReader.read(file);
        Set<Path> dirsBefore = workDirs();
        SearchSettings search = SearchSettings.defaults().withBudgets(100, Duration.ofMinutes(5)).withParallelTactics(2);
        SearchRun run = new SearchRun(SLOW, search, new ProofVerifier(new ProofChecker(toolchain, LeanTestSupport.sandbox(),
                List.of(), 4096, Duration.ofMinutes(2))), new ProofResult.Budgets(100, 300, 50, 3000, 60000),
                null, null, null, null, null);
        Path out = dir.resolve("results.jsonl");
        List<Long> leanPids;
        Set<Path> dirsDuring;
        try (AgentSystem agent = AgentSystem.start(ConfigFactory.load(), PoolSettings.defaults().withWorkers(2),
                imports -> () -> ReplProcess.start(toolchain, LeanTestSupport.sandbox(), ReplSettings.defaults().withImports(imports)));
             ResultsFile sink = new ResultsFile(out)) {
            LeanPool pool = agent.pools().pool(lean.imports());
            List<ProofRun.Target> targets = lean.sorryTheorems().stream().map(d -> new ProofRun.Target(d, 1)).toList();
            CompletableFuture<List<ProofResult>> searching = CompletableFuture.supplyAsync(() -> {
                try {
                    return ProofRun.execute(agent, lean, targets, run, 1, new FailureCache(1000), sink,
                            new Progress(new PrintStream(new ByteArrayOutputStream()), 2, false));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            // The root state exists and a worker is busy: a tactic on it is running in Lean.
            await(() -> stats(pool).liveHandles() >= 1 && stats(pool).busy() >= 1, "a tactic in flight", 120);
            dirsDuring = workDirs();
            dirsDuring.removeAll(dirsBefore);
            assertFalse(dirsDuring.isEmpty(), "the Lean workers have work directories");
            leanPids = agent.pools().processIds();

            agent.cancel(new Cancellation("cancelled: the test stopped the run", 143));
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> searching.get(30, TimeUnit.SECONDS));
            assertInstanceOf(RunCancelledException.class, thrown.getCause(), "the run ends as cancelled");

            List<ProofResult> lines = ProofResults.read(out);
            assertEquals(1, lines.size(), "the running theorem has a line, the one not started has none: " + lines);
            ProofResult r = lines.get(0);
            assertEquals("slow_one", r.name());
            assertEquals(ProofResult.ERROR, r.status());
            assertTrue(r.reason().startsWith("cancelled"), r.reason());
            assertTrue(ErrorOrigin.fromEnvironment(r), "--resume runs it again");
            // The tactics that were running answer within their 3 s limit; every state they and the
            // search made is released, on the pool and in the workers.
            await(() -> stats(pool).busy() == 0 && stats(pool).queued() == 0 && stats(pool).liveHandles() == 0,
                    "no live state in any worker: " + stats(pool), 30);
        }
        await(() -> leanPids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)),
                "every Lean process ended: " + leanPids, 10);
        for (Path d : dirsDuring) assertFalse(Files.exists(d), d + " removed");
    }

    static Set<Path> workDirs() throws IOException {
        String mine = "lean-agent-repl-p" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith(mine)).collect(Collectors.toSet());
        }
    }

    static PoolStats stats(LeanPool pool) {
        try {
            return pool.stats().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + seconds + " s: " + what);
            Thread.sleep(20);
        }
    }
}
