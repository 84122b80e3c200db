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

    /** The pool once every worker it runs is up, so that placement is not decided by start-up order. */
    private LeanPool started(PoolSettings settings) {
        LeanPool pool = pool(settings);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!await(pool.stats()).allStarted()) {
            if (System.nanoTime() > deadline) throw new AssertionError("workers not up: " + await(pool.stats()));
            Thread.onSpinWait();
        }
        return pool;
    }

    private FakeLean.FakeRepl processOf(LeanPool pool, int worker) {
        long pid = await(pool.stats()).perWorker().get(worker).pid();
        return lean.processes.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    @Test
    void anIdleWorkerReplaysAShortPathRatherThanLetTwoRequestsWait() {
        LeanPool pool = started(workers(2));
        StateHandle root = ok(pool.start(statement("p"))); // measured: a step costs about what a request does
        CompletableFuture<PoolOutcome> slow = pool.tactic(root, "sleep 1500").toCompletableFuture();
        CompletableFuture<PoolOutcome> x = pool.tactic(root, "x").toCompletableFuture();
        CompletableFuture<PoolOutcome> y = pool.tactic(root, "y").toCompletableFuture();
        // x moves (one step of replay against two requests' wait); then y moves for free: the state is on both.
        assertEquals("⊢ p ; x", await(x).success().state().canonical());
        assertEquals("⊢ p ; y", await(y).success().state().canonical());
        assertFalse(slow.isDone(), "x and y did not wait for the slow tactic");
        assertTrue(await(slow).ok());
        PoolStats stats = await(pool.stats());
        assertEquals(2, stats.placement().moved(), stats.toString());
        assertEquals(1, stats.placement().replays(), "the start replayed once, for x: " + stats);
        assertEquals(1, stats.replayedSteps());
        int before = processOf(pool, 0).liveStates() + processOf(pool, 1).liveStates();
        pool.release(List.of(root));
        await(pool.stats());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (processOf(pool, 0).liveStates() + processOf(pool, 1).liveStates() != before - 2
                && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(before - 2, processOf(pool, 0).liveStates() + processOf(pool, 1).liveStates(),
                "the root was released on both workers that held it");
    }

    @Test
    void requestsOnADeepStateWaitWhenReplayingItCostsMoreThanTheWait() {
        LeanPool pool = started(workers(2));
        StateHandle s = ok(pool.start(statement("p")));
        for (int k = 0; k < 5; k++) s = ok(pool.tactic(s, "t" + k));
        CompletableFuture<PoolOutcome> slow = pool.tactic(s, "sleep 300").toCompletableFuture();
        CompletableFuture<PoolOutcome> x = pool.tactic(s, "x").toCompletableFuture();
        CompletableFuture<PoolOutcome> y = pool.tactic(s, "y").toCompletableFuture();
        // Six steps of replay against two requests' wait: both wait for the worker that holds the state.
        assertTrue(await(x).ok() && await(y).ok() && await(slow).ok());
        PoolStats stats = await(pool.stats());
        assertEquals(0, stats.placement().moved(), stats.toString());
        assertEquals(0, stats.replayedSteps());
        assertEquals(0, stats.perWorker().stream().filter(w -> w.requests() > 0).count() - 1,
                "one worker served everything: " + stats.perWorker());
        assertTrue(stats.placement().requestEstimateMillis() > 0, stats.toString());
    }

    @Test
    void aWorkerKilledWhileHoldingStatesOfTwoSearchesRebuildsThemAndBothGoOn() {
        LeanPool pool = started(workers(2));
        StateHandle a = ok(pool.start(statement("a")));
        StateHandle b = ok(pool.start(statement("b")));
        StateHandle a2 = ok(pool.tactic(ok(pool.tactic(a, "a1")), "a2"));
        StateHandle b1 = ok(pool.tactic(b, "b1"));
        StateHandle bFlaky = ok(pool.tactic(b1, "flaky"));
        assertEquals(1, await(pool.stats()).perWorker().stream().filter(w -> w.requests() > 0).count(),
                "one at a time, everything ran on the first idle worker");
        int holder = await(pool.stats()).perWorker().stream().filter(w -> w.requests() > 0).findFirst().orElseThrow().index();
        processOf(pool, holder).close(); // killed from outside: the pool learns it on the next request

        CompletableFuture<PoolOutcome> onA = pool.tactic(a2, "a3").toCompletableFuture();
        CompletableFuture<PoolOutcome> onB = pool.tactic(b1, "b2").toCompletableFuture();
        CompletableFuture<PoolOutcome> onFlaky = pool.tactic(bFlaky, "b3").toCompletableFuture();
        assertEquals("⊢ a ; a1 ; a2 ; a3", await(onA).success().state().canonical(), "search a goes on");
        assertEquals("⊢ b ; b1 ; b2", await(onB).success().state().canonical(), "search b goes on");
        PoolOutcome flaky = await(onFlaky);
        assertEquals(PoolErrors.REPLAY_FAILED, flaky.error().kind(), "a state that cannot be rebuilt is said so");
        PoolStats stats = await(pool.stats());
        assertTrue(stats.crashes() >= 1, stats.toString());
        assertTrue(stats.replayedSteps() >= 3 + 2, "a's three steps and b's two rebuilt: " + stats);
        // the states live again: more work on them needs no further replay
        long replayed = stats.replayedSteps();
        assertTrue(await(pool.tactic(a2, "a4")).ok() && await(pool.tactic(b1, "b4")).ok());
        assertTrue(await(pool.stats()).replayedSteps() - replayed <= 3 + 2,
                "at most one more rebuild per search, on the other worker: " + await(pool.stats()));
    }

    @Test
    void aReplayStopsAtTheRequestsDeadlineInsteadOfRunningOn() {
        LeanPool pool = started(workers(1));
        StateHandle s = ok(pool.start(statement("p")));
        for (int k = 0; k < 4; k++) s = ok(pool.tactic(s, "sleep 250"));
        processOf(pool, 0).close(); // the state must now be rebuilt: start and four steps of 250 ms
        long sent = System.nanoTime();
        long deadline = sent + TimeUnit.MILLISECONDS.toNanos(300);
        PoolOutcome o = await(pool.tactic(s, "never", null, null, deadline));
        long answered = System.nanoTime();
        assertEquals(PoolErrors.DEADLINE, o.error().kind(), o.toString());
        assertTrue(o.error().message().contains("rebuilt"), o.error().message());
        // The bound a search relies on: the deadline plus one step's time (here 250 ms), plus slack for a loaded machine.
        assertTrue(answered - deadline < TimeUnit.MILLISECONDS.toNanos(250 + 1000),
                "answered " + (answered - deadline) / 1e6 + " ms after the deadline");
        PoolStats stats = await(pool.stats());
        assertTrue(stats.replayedSteps() < 5, "the replay stopped before the last step: " + stats);
        assertFalse(lean.processes.stream().anyMatch(p -> p.isAlive() && p.liveStates() > 4),
                "the request's own tactic never ran");
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
