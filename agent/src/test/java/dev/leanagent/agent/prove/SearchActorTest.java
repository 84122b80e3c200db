package dev.leanagent.agent.prove;

import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolSystem;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.repl.StartRequest;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.ProofEnvironment;
import dev.leanagent.search.SearchOutcome;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.SearchStatus;
import dev.leanagent.search.TacticGenerator;
import dev.leanagent.search.TacticResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search actor: replies in any order, late replies after a cancel, and its deadline over a slow pool. */
class SearchActorTest {

    private ActorSystem<SpawnProtocol.Command> system;
    private PoolSystem pools;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        if (pools != null) pools.close();
        if (system != null) system.terminate();
    }

    private static ActorRef<SearchActor.Command> spawn(ActorSystem<SpawnProtocol.Command> system,
                                                       Behavior<SearchActor.Command> behavior) throws Exception {
        return AskPattern.<SpawnProtocol.Command, ActorRef<SearchActor.Command>>ask(system,
                r -> new SpawnProtocol.Spawn<>(behavior, "search-" + NAMES.incrementAndGet(), Props.empty(), r),
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.onSpinWait();
        }
    }

    private static SearchState state(String name) {
        return new SearchState(name, name, name.equals("QED"), List.of());
    }

    /** Tactic replies held by the test: it completes them in the order it likes. */
    private static final class HeldEnvironment implements ProofEnvironment {
        record Pending(SearchState state, Candidate candidate, CompletableFuture<TacticResult> reply) {
        }

        final List<Pending> pending = new CopyOnWriteArrayList<>();
        final List<Object> released = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<TacticResult> start() {
            return CompletableFuture.completedFuture(new TacticResult.Success(state("R")));
        }

        @Override
        public CompletionStage<TacticResult> apply(SearchState state, String tactic) {
            return apply(state, new Candidate(tactic, 0));
        }

        @Override
        public CompletionStage<TacticResult> apply(SearchState state, Candidate candidate) {
            CompletableFuture<TacticResult> reply = new CompletableFuture<>();
            pending.add(new Pending(state, candidate, reply));
            return reply;
        }

        @Override
        public void release(List<SearchState> states) {
            states.forEach(s -> released.add(s.handle()));
        }

        void succeed(String from, String tactic, String to) {
            Pending p = pending.stream().filter(x -> x.state().canonical().equals(from) && x.candidate().tactic().equals(tactic))
                    .findFirst().orElseThrow(() -> new AssertionError("no request " + from + ":" + tactic + " in " + pending));
            p.reply().complete(new TacticResult.Success(state(to)));
        }
    }

    private static TacticGenerator proposing(Map<String, List<Candidate>> proposals) {
        return new TacticGenerator() {
            @Override
            public CompletionStage<List<Candidate>> suggest(SearchState state) {
                return CompletableFuture.completedFuture(proposals.getOrDefault(state.canonical(), List.of()));
            }

            @Override
            public String name() {
                return "scripted";
            }
        };
    }

    private static SearchSettings settings(Duration timeout) {
        return new SearchSettings(50, timeout, 20, SearchSettings.Priority.CUMULATIVE, SearchSettings.Order.NODE);
    }

    private static Behavior<SearchActor.Command> search(ProofEnvironment env, TacticGenerator generator,
                                                        SearchSettings settings, int parallel,
                                                        CompletableFuture<SearchOutcome> outcome) {
        return SearchActor.create(env, generator, settings, parallel, o -> {
            outcome.complete(o);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void repliesThatComeBackInReverseOrderAreEachTakenForTheirOwnTactic() throws Exception {
        system = ActorSystem.create(SpawnProtocol.create(), "search-actor-test");
        HeldEnvironment env = new HeldEnvironment();
        TacticGenerator gen = proposing(Map.of(
                "R", List.of(new Candidate("a", -1), new Candidate("b", -2), new Candidate("c", -3)),
                "C", List.of(new Candidate("close", -0.1))));
        CompletableFuture<SearchOutcome> outcome = new CompletableFuture<>();
        spawn(system, search(env, gen, settings(Duration.ofSeconds(60)), 4, outcome));
        await(() -> env.pending.size() == 3, "R's three tactics in flight at once");
        env.succeed("R", "c", "C");
        env.succeed("R", "b", "B");
        env.succeed("R", "a", "A");
        await(() -> env.pending.size() == 4, "C's tactic sent");
        env.succeed("C", "close", "QED");
        SearchOutcome o = outcome.get(10, TimeUnit.SECONDS);
        assertEquals(SearchStatus.FOUND, o.status(), o.reason());
        assertEquals(List.of("c", "close"), o.proof());
        // C's reply came first and a slot was free, so C may be expanded before A and B (see SearchTree).
        assertTrue(o.expansions() >= 2 && o.expansions() <= 4, o.expansions() + " expansions");
        await(() -> env.released.containsAll(List.of("R", "A", "B", "C", "QED")), "every state released: " + env.released);
    }

    @Test
    void aReplyThatArrivesAfterTheSearchWasCancelledIsReleased() throws Exception {
        system = ActorSystem.create(SpawnProtocol.create(), "search-actor-test");
        HeldEnvironment env = new HeldEnvironment();
        TacticGenerator gen = proposing(Map.of("R", List.of(new Candidate("a", -1), new Candidate("b", -2))));
        CompletableFuture<SearchOutcome> outcome = new CompletableFuture<>();
        ActorRef<SearchActor.Command> ref = spawn(system, search(env, gen, settings(Duration.ofSeconds(60)), 4, outcome));
        await(() -> env.pending.size() == 2, "both tactics in flight");
        ref.tell(new SearchActor.Cancel("the run was stopped"));
        SearchOutcome o = outcome.get(10, TimeUnit.SECONDS);
        assertEquals(SearchStatus.ERROR, o.status());
        assertEquals("the run was stopped", o.reason());
        await(() -> env.released.contains("R"), "the root released at once");
        env.succeed("R", "a", "A");
        env.pending.get(1).reply().complete(new TacticResult.Failure("tactic_failed", "b failed"));
        await(() -> env.released.contains("A"), "the late state released: " + env.released);
        assertEquals(List.of("R", "A"), List.copyOf(env.released), "each once");
        assertEquals(1, o.nodes());
    }

    @Test
    void theDeadlineHoldsOverASlowWorkerAndNothingQueuedRunsAfterIt() throws Exception {
        SlowLean lean = new SlowLean(400);
        pools = PoolSystem.start(PoolSettings.defaults().withWorkers(1).withRecycling(0, 0), imports -> lean);
        system = null;
        LeanPool pool = pools.pools.pool(List.of());
        ProofEnvironment env = new LeanProofEnvironment(pool, StartRequest.statement("", "", "p"), new FailureCache(1000));
        TacticGenerator gen = new TacticGenerator() { // five tactics on every state, all of which work
            @Override
            public CompletionStage<List<Candidate>> suggest(SearchState state) {
                return CompletableFuture.completedFuture(List.of(new Candidate("t1", -1), new Candidate("t2", -2),
                        new Candidate("t3", -3), new Candidate("t4", -4), new Candidate("t5", -5)));
            }

            @Override
            public String name() {
                return "endless";
            }
        };
        Duration timeout = Duration.ofMillis(1500);
        CompletableFuture<SearchOutcome> outcome = new CompletableFuture<>();
        long t0 = System.nanoTime();
        spawn(pools.system, search(env, gen, settings(timeout), 4, outcome));
        SearchOutcome o = outcome.get(30, TimeUnit.SECONDS);
        long ended = System.nanoTime();
        assertEquals(SearchStatus.TIMEOUT, o.status(), o.reason());
        double seconds = (ended - t0) / 1e9;
        // The bound the search promises: its limit plus one tactic; a second of slack for a loaded machine.
        assertTrue(seconds >= 1.5 && seconds < 1.5 + 0.4 + 1.0, "ended after " + seconds + " s");
        assertTrue(lean.tacticsBegun.size() >= 2, "the worker was kept busy: " + lean.tacticsBegun.size());
        await(() -> poolStats(pool).queued() == 0 && poolStats(pool).busy() == 0, "the pool drained");
        long lateStarts = lean.tacticsBegun.stream().filter(t -> t - ended > TimeUnit.MILLISECONDS.toNanos(100)).count();
        assertEquals(0, lateStarts, "no tactic begun after the search ended, though four were in flight on one worker");
        assertTrue(poolStats(pool).failures() >= 1, "queued tactics were answered 'deadline': " + poolStats(pool));
        await(() -> poolStats(pool).liveHandles() == 0, "every state released, late ones included");
    }

    private static dev.leanagent.bridge.pool.PoolStats poolStats(LeanPool pool) {
        try {
            return pool.stats().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
