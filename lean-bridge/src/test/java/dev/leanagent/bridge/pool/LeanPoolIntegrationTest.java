package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.LeanTestSupport;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.repl.ReplSettings;
import dev.leanagent.bridge.repl.StartRequest;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool on real Lean 3 processes (core library): faults, recycling, load, clean shutdown. */
class LeanPoolIntegrationTest {

    private static final String SUITE = "Lean pool integration tests";
    private LeanToolchain toolchain;
    private PoolSystem owner;
    private LeanPools pools;

    @BeforeEach
    void needsLean() {
        toolchain = LeanTestSupport.toolchainOrSkip(SUITE);
    }

    @AfterEach
    void close() throws Exception {
        if (owner != null) owner.close();
    }

    private LeanPool pool(PoolSettings settings) {
        return pool(settings, ReplSettings.defaults());
    }

    private LeanPool pool(PoolSettings settings, ReplSettings repl) {
        owner = PoolSystem.start(settings, imports -> () -> ReplProcess.start(toolchain, LeanTestSupport.sandbox(),
                repl.withImports(imports)));
        pools = owner.pools;
        return pools.pool(List.of());
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer: " + e, e);
        }
    }

    private static PoolOutcome.Ok ok(CompletionStage<PoolOutcome> stage) {
        return await(stage).success();
    }

    private static final StartRequest ZERO_ADD = StartRequest.statement("", "(n : ℕ)", "0 + n = n");

    /** The Lean processes themselves: the sandbox's descendants of each process we started. */
    private static List<ProcessHandle> leanProcesses(List<Long> pids) {
        return pids.stream().flatMap(pid -> ProcessHandle.of(pid).stream())
                .flatMap(h -> Stream.concat(Stream.of(h), h.descendants())).toList();
    }

    private static void killLean(long pid) {
        List<ProcessHandle> tree = leanProcesses(List.of(pid));
        ProcessHandle lean = tree.stream()
                .filter(h -> h.info().command().map(c -> c.endsWith("/lean")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no lean process under " + pid));
        assertTrue(lean.destroyForcibly(), "SIGKILL sent"); // destroyForcibly is SIGKILL on Linux
    }

    @Test
    void aSearchGoesOnAfterItsLeanProcessIsKilled() {
        LeanPool pool = pool(PoolSettings.defaults().withWorkers(1));
        PoolOutcome.Ok s0 = ok(pool.start(ZERO_ADD));
        PoolOutcome.Ok s1 = ok(pool.tactic(s0.handle(), "induction n with n ih"));
        assertEquals(2, s1.state().goals().size());

        killLean(pools.processIds().get(0));

        PoolOutcome.Ok s2 = ok(pool.tactic(s1.handle(), "refl"));
        assertEquals("case nat.succ\nn : ℕ,\nih : 0 + n = n\n⊢ 0 + n.succ = n.succ", s2.state().canonical());
        PoolOutcome.Ok s3 = ok(pool.tactic(s2.handle(), "rw [nat.add_succ, ih]"));
        assertTrue(s3.state().complete(), "proved on the replacement process");
        PoolStats stats = await(pool.stats());
        assertEquals(1, stats.crashes(), stats.toString());
        assertEquals(1, stats.restarts(), stats.toString());
        assertEquals(2, stats.replayedSteps(), "the start and the induction were replayed: " + stats);
    }

    @Test
    void aHungLeanIsAnsweredWithATimeoutAndReplaced() {
        ReplSettings quick = new ReplSettings(List.of(), List.of(), 4096, Duration.ofSeconds(60), Duration.ofSeconds(1),
                100_000, Duration.ofSeconds(2));
        LeanPool pool = pool(PoolSettings.defaults().withWorkers(1).withTacticLimits(Duration.ofSeconds(1), 100_000), quick);
        PoolOutcome.Ok s0 = ok(pool.start(ZERO_ADD));
        // blocking IO inside a tactic is beyond Lean's own limits: only killing the process stops it
        PoolOutcome hung = await(pool.tactic(s0.handle(),
                "tactic.unsafe_run_io (io.cmd {cmd := \"sleep\", args := [\"60\"]}) >> tactic.skip"));
        assertEquals(PoolErrors.HUNG, hung.error().kind());
        assertTrue(hung.error().message().contains("no reply within 3 s"), hung.error().message());
        assertEquals(2, ok(pool.tactic(s0.handle(), "induction n with n ih")).state().goals().size());
        PoolStats stats = await(pool.stats());
        assertEquals(1, stats.hung(), stats.toString());
        assertEquals(1, stats.restarts(), stats.toString());
    }

    @Test
    void recyclingMidSearchKeepsTheSearchsStates() {
        LeanPool pool = pool(PoolSettings.defaults().withWorkers(1).withRecycling(2, 0));
        PoolOutcome.Ok s0 = ok(pool.start(ZERO_ADD));
        PoolOutcome.Ok s1 = ok(pool.tactic(s0.handle(), "induction n with n ih"));
        assertFalse(await(pool.tactic(s1.handle(), "exact rfl.symm.symm.symm ih")).ok(), "a failing branch");
        PoolOutcome.Ok s2 = ok(pool.tactic(s1.handle(), "refl"));
        PoolOutcome.Ok s3 = ok(pool.tactic(s2.handle(), "rw [nat.add_succ, ih]"));
        assertTrue(s3.state().complete());
        // the first state is still usable after all the recycling
        assertEquals(2, ok(pool.tactic(s0.handle(), "cases n")).state().goals().size());
        PoolStats stats = await(pool.stats());
        assertTrue(stats.recycles() >= 2, stats.toString());
        assertEquals(0, stats.crashes());
        assertEquals(0, stats.replayFailures());
    }

    @Test
    void fourWorkersAnswerTwoThousandConcurrentRequestsNoneLostOrCrossed() {
        LeanPool pool = pool(PoolSettings.defaults().withWorkers(4));
        int theorems = 20;
        List<PoolOutcome.Ok> roots = new ArrayList<>();
        for (int t = 0; t < theorems; t++) {
            roots.add(ok(pool.start(StartRequest.statement("", "(x : ℕ)", "x + " + t + " = " + t + " + x"))));
        }
        List<CompletableFuture<PoolOutcome>> replies = new ArrayList<>();
        for (int k = 0; k < 2000; k++) {
            replies.add(pool.tactic(roots.get(k % theorems).handle(), "have h : " + k + " = " + k + " := rfl")
                    .toCompletableFuture());
        }
        for (int k = 0; k < 2000; k++) {
            int t = k % theorems;
            PoolOutcome.Ok o = await(replies.get(k)).success();
            assertEquals("x : ℕ,\nh : " + k + " = " + k + "\n⊢ x + " + t + " = " + t + " + x", o.state().canonical(),
                    "reply " + k);
        }
        PoolStats stats = await(pool.stats());
        assertEquals(2020, stats.answered());
        assertEquals(0, stats.failures() + stats.crashes() + stats.rejected());
        assertEquals(4, stats.perWorker().stream().filter(w -> w.requests() > 0).count(), stats.toString());
    }

    @Test
    void noLeanProcessOutlivesThePool() {
        LeanPool pool = pool(PoolSettings.defaults().withWorkers(2));
        ok(pool.start(ZERO_ADD));
        waitFor(() -> pools.processIds().size() == 2, "two processes started");
        List<ProcessHandle> processes = leanProcesses(pools.processIds());
        assertTrue(processes.size() >= 4, "bwrap and lean of each: " + processes);
        pools.close();
        waitFor(() -> processes.stream().noneMatch(ProcessHandle::isAlive), "every Lean process gone: " + processes);
    }

    @Test
    void noLeanProcessOutlivesAKilledJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PoolChildMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<ProcessHandle> processes;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PIDS "));
            assertTrue(line != null, "the child JVM reported its Lean processes");
            processes = leanProcesses(Arrays.stream(line.substring(5).split(",")).map(Long::parseLong).toList());
            assertTrue(processes.size() >= 4, processes.toString());
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            child.waitFor(30, TimeUnit.SECONDS);
        }
        waitFor(() -> processes.stream().noneMatch(ProcessHandle::isAlive), "every Lean process gone: " + processes);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Runs in a child JVM: a pool of two Lean processes, then waits to be killed. */
    public static final class PoolChildMain {
        public static void main(String[] args) throws Exception {
            LeanToolchain toolchain = dev.leanagent.bridge.toolchain.ToolchainLocator.fromSystem()
                    .locate(java.util.Optional.empty());
            LeanPools pools = PoolSystem.start(PoolSettings.defaults().withWorkers(2),
                    imports -> () -> ReplProcess.start(toolchain, dev.leanagent.bridge.sandbox.Sandbox.detect(),
                            ReplSettings.defaults().withImports(imports))).pools;
            LeanPool pool = pools.pool(List.of());
            pool.start(ZERO_ADD).toCompletableFuture().get(120, TimeUnit.SECONDS);
            while (pools.processIds().size() < 2) Thread.sleep(50);
            System.out.println("PIDS " + String.join(",", pools.processIds().stream().map(String::valueOf).toList()));
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
