package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.StartRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's behaviour on a scripted fake Lean: queueing, back-pressure, supervision, handle remapping. */
class LeanPoolTest {

    private final FakeLean lean = new FakeLean();
    private PoolSystem owner;
    private LeanPools pools;

    private LeanPool pool(PoolSettings settings) {
        owner = PoolSystem.start(settings.withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)), imports -> lean);
        pools = owner.pools;
        return pools.pool(List.of());
    }

    private static PoolSettings workers(int n) {
        return PoolSettings.defaults().withWorkers(n).withRecycling(0, 0);
    }

    @AfterEach
    void close() throws Exception {
        if (owner != null) owner.close();
    }

    /** The live fake processes once they number {@code expected}, or whatever they number after 10 s. */
    private long liveProcessesSettledAt(long expected) throws InterruptedException {
        return lean.awaitLiveProcesses(expected, Duration.ofSeconds(10));
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer: " + e, e);
        }
    }

    private static StateHandle ok(CompletionStage<PoolOutcome> stage) {
        return await(stage).success().handle();
    }

    private static StartRequest statement(String type) {
        return StartRequest.statement("", "", type);
    }

    @Test
    void manyConcurrentRequestsAreAllAnsweredWithTheirOwnStates() {
        LeanPool pool = pool(workers(3));
        List<StateHandle> roots = new ArrayList<>();
        for (int i = 0; i < 10; i++) roots.add(ok(pool.start(statement("p" + i))));
        List<CompletableFuture<PoolOutcome>> replies = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            replies.add(pool.tactic(roots.get(k % 10), "t" + k).toCompletableFuture());
        }
        for (int k = 0; k < 300; k++) {
            PoolOutcome o = await(replies.get(k));
            assertEquals("⊢ p" + (k % 10) + " ; t" + k, o.success().state().canonical(), "reply " + k);
        }
        PoolStats stats = await(pool.stats());
        assertEquals(310, stats.answered());
        assertEquals(0, stats.queued());
        assertEquals(3, stats.workers());
        assertTrue(stats.perWorker().stream().allMatch(w -> w.requests() > 0), "every worker served: " + stats);
        assertTrue(stats.latency().samples() == 310 && stats.latency().p99() >= stats.latency().p50());
    }

    @Test
    void aFullQueueRefusesRequestsInsteadOfGrowing() {
        LeanPool pool = pool(workers(1).withMaxQueue(3));
        StateHandle root = ok(pool.start(statement("p")));
        List<CompletableFuture<PoolOutcome>> replies = new ArrayList<>();
        for (int k = 0; k < 10; k++) replies.add(pool.tactic(root, "sleep 50").toCompletableFuture());
        long refused = replies.stream().map(LeanPoolTest::await)
                .filter(o -> !o.ok() && o.error().kind().equals(PoolErrors.OVERLOADED)).count();
        long answered = replies.stream().map(LeanPoolTest::await).filter(PoolOutcome::ok).count();
        assertTrue(refused >= 5 && answered >= 3, refused + " refused, " + answered + " answered");
        assertEquals(10, refused + answered);
        assertEquals(refused, await(pool.stats()).rejected());
    }

    @Test
    void aCrashedProcessIsReplacedAndTheStatesAreReplayed() {
        LeanPool pool = pool(workers(1));
        StateHandle root = ok(pool.start(statement("p")));
        StateHandle a = ok(pool.tactic(root, "a"));
        StateHandle b = ok(pool.tactic(a, "b"));
        PoolOutcome afterCrash = await(pool.tactic(b, "crash-once"));
        assertEquals("⊢ p ; a ; b ; crash-once", afterCrash.success().state().canonical());
        // a handle made before the crash still works, on the new process
        assertEquals("⊢ p ; a ; c", await(pool.tactic(a, "c")).success().state().canonical());
        PoolStats stats = await(pool.stats());
        assertEquals(1, stats.crashes());
        assertEquals(1, stats.restarts());
        assertEquals(3, stats.replayedSteps(), "start, a and b replayed once: " + stats);
        assertEquals(2, lean.launches.get());
    }

    @Test
    void aRequestThatKillsEveryProcessIsAnsweredAsACrash() {
        LeanPool pool = pool(workers(1));
        StateHandle root = ok(pool.start(statement("p")));
        PoolOutcome o = await(pool.tactic(root, "crash"));
        assertFalse(o.ok());
        assertEquals(PoolErrors.CRASHED, o.error().kind());
        assertTrue(o.error().message().contains("2 fresh processes"), o.error().message());
        assertEquals("⊢ p ; x", await(pool.tactic(root, "x")).success().state().canonical());
        assertEquals(2, await(pool.stats()).crashes());
    }

    @Test
    void aHungProcessGivesATimeoutAndIsReplaced() {
        LeanPool pool = pool(workers(1));
        StateHandle root = ok(pool.start(statement("p")));
        PoolOutcome o = await(pool.tactic(root, "hang"));
        assertEquals(PoolErrors.HUNG, o.error().kind());
        assertTrue(o.error().message().contains("fresh Lean process"), o.error().message());
        assertEquals("⊢ p ; y", await(pool.tactic(root, "y")).success().state().canonical());
        PoolStats stats = await(pool.stats());
        assertEquals(1, stats.hung());
        assertEquals(1, stats.restarts());
    }

    @Test
    void recyclingKeepsEveryHandleValid() throws InterruptedException {
        LeanPool pool = pool(workers(1).withRecycling(3, 0));
        StateHandle s = ok(pool.start(statement("p")));
        List<StateHandle> chain = new ArrayList<>(List.of(s));
        for (int k = 0; k < 10; k++) {
            s = ok(pool.tactic(s, "t" + k));
            chain.add(s);
        }
        assertEquals("⊢ p ; t0 ; t1 ; alt", await(pool.tactic(chain.get(2), "alt")).success().state().canonical());
        PoolStats stats = await(pool.stats());
        assertTrue(stats.recycles() >= 3, "recycled: " + stats);
        assertEquals(0, stats.crashes());
        assertTrue(lean.launches.get() >= 4);
        // The worker answers first and recycles after: the last recycle may still be closing the old process.
        assertEquals(1, liveProcessesSettledAt(1), "recycled processes are closed");
    }

    @Test
    void aStateThatCannotBeRebuiltIsReportedNotDropped() {
        LeanPool pool = pool(workers(1));
        StateHandle root = ok(pool.start(statement("p")));
        StateHandle flaky = ok(pool.tactic(root, "flaky"));
        ok(pool.tactic(root, "crash-once")); // the process dies; root is replayed fine
        PoolOutcome o = await(pool.tactic(flaky, "z"));
        assertEquals(PoolErrors.REPLAY_FAILED, o.error().kind());
        assertTrue(o.error().message().contains("tactic 'flaky'") && o.error().message().contains("another state"),
                o.error().message());
        assertEquals(1, await(pool.stats()).replayFailures());
    }

    @Test
    void whenLeanCannotStartRequestsAreAnsweredWithTheReason() {
        lean.launchFailure = "no Lean 3 found (set LEAN_HOME)";
        LeanPool pool = pool(workers(2));
        PoolOutcome o = await(pool.start(statement("p")));
        assertEquals(PoolErrors.LEAN_UNAVAILABLE, o.error().kind());
        assertTrue(o.error().message().contains("set LEAN_HOME"), o.error().message());
        // once Lean can start, the pool recovers by itself
        lean.launchFailure = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        PoolOutcome later;
        do {
            later = await(pool.start(statement("p")));
        } while (!later.ok() && System.nanoTime() < deadline);
        assertTrue(later.ok(), "recovered: " + later);
    }

    @Test
    void unknownAndReleasedHandlesAreRefused() {
        LeanPool pool = pool(workers(1));
        assertEquals(PoolErrors.UNKNOWN_HANDLE, await(pool.tactic(new StateHandle(999), "x")).error().kind());
        StateHandle root = ok(pool.start(statement("p")));
        StateHandle child = ok(pool.tactic(root, "a"));
        pool.release(List.of(root));
        assertEquals(PoolErrors.UNKNOWN_HANDLE, await(pool.tactic(root, "x")).error().kind());
        // the child of a released state stays valid
        assertEquals("⊢ p ; a ; b", await(pool.tactic(child, "b")).success().state().canonical());
        assertEquals(2, lean.processes.get(0).liveStates(), "root's state was released in the process");
    }

    @Test
    void aRequestWhoseDeadlinePassesWhileItWaitsIsAnsweredAndNotRun() {
        LeanPool pool = pool(workers(1));
        StateHandle root = ok(pool.start(statement("p")));
        CompletableFuture<PoolOutcome> slow = pool.tactic(root, "sleep 600").toCompletableFuture();
        long sent = System.nanoTime();
        PoolOutcome queued = await(pool.tactic(root, "queued", null, null, sent + TimeUnit.MILLISECONDS.toNanos(100)));
        long waited = System.nanoTime() - sent;
        PoolOutcome late = await(pool.tactic(root, "late", null, null, System.nanoTime() - 1));
        assertEquals(PoolErrors.DEADLINE, queued.error().kind(), queued.error().message());
        assertEquals(PoolErrors.DEADLINE, late.error().kind(), late.error().message());
        assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(1500), "answered when the worker came free: " + waited / 1e6 + " ms");
        assertTrue(await(slow).ok());
        assertTrue(await(pool.tactic(root, "soon", null, null, System.nanoTime() + TimeUnit.SECONDS.toNanos(30))).ok(),
                "a deadline still ahead runs as usual");
        PoolStats stats = await(pool.stats());
        assertEquals(3, stats.perWorker().get(0).requests(), "the start, the sleep and the last tactic ran; " + stats);
        assertEquals(2, stats.failures());
    }

    @Test
    void anIdleWorkerTakesOverPartOfALongQueue() {
        LeanPool pool = pool(workers(2));
        StateHandle root = ok(pool.start(statement("p")));
        List<CompletableFuture<PoolOutcome>> replies = new ArrayList<>();
        for (int k = 0; k < 30; k++) replies.add(pool.tactic(root, "sleep 20").toCompletableFuture());
        replies.forEach(r -> assertTrue(await(r).ok()));
        PoolStats stats = await(pool.stats());
        assertTrue(stats.perWorker().stream().allMatch(w -> w.requests() > 1), "both workers served: " + stats);
    }

    @Test
    void closingKillsEveryProcess() throws InterruptedException {
        LeanPool pool = pool(workers(3));
        ok(pool.start(statement("p")));
        await(pool.stats());
        // Wait on the processes themselves: a launch is counted a moment before its process is listed.
        assertEquals(3, liveProcessesSettledAt(3));
        pools.close();
        assertEquals(0, lean.liveProcesses());
        assertTrue(pools.processIds().isEmpty());
    }

    @Test
    void automaticSizingSaysWhatItChose() {
        LeanPool pool = pool(PoolSettings.defaults());
        ok(pool.start(statement("p")));
        PoolStats stats = await(pool.stats());
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(stats.workers() >= 1 && stats.workers() <= cores, stats.toString());
        assertTrue(stats.sizing().contains("per core") || stats.sizing().contains("memory"), stats.sizing());
    }
}
