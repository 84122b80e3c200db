package dev.leanagent.agent.prove;

import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolErrors;
import dev.leanagent.bridge.pool.PoolOutcome;
import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.bridge.repl.StartRequest;
import dev.leanagent.search.ProofResult;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The searches of one file's theorems, K at a time, over the file's pool: what {@code prove} and
 * the miniF2F benchmark both run. Each result is appended to the results file and shown on the
 * progress line the moment it is known.
 */
public final class ProofRun {

    /** One theorem to search, and which attempt this is (for pass@k). */
    public record Target(Declaration theorem, int attempt) {
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private ProofRun() {
    }

    /**
     * Waits until the pool's workers have started (or failed to), so that no theorem's time
     * budget is spent waiting for Lean to load its imports: a mathlib worker takes 15 s or more,
     * and with automatic sizing the second worker only starts once the first is measured.
     *
     * @return empty when a worker is up; otherwise why none could start (Lean's last output), as
     *         the pool tells callers it cannot serve: imports that do not load would fail every
     *         theorem, so a run stops on this instead
     */
    public static Optional<String> awaitWorkers(LeanPool pool, AgentSystem agent) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10); // a worker that cannot start is marked failed well before
        PoolStats s;
        while (true) {
            agent.throwIfCancelled(); // a signal while mathlib loads: nothing started, nothing to write
            s = pool.stats().toCompletableFuture().get(30, TimeUnit.SECONDS);
            boolean starting = s.perWorker().stream().anyMatch(w -> w.status().equals("starting"));
            if (s.allStarted() || (s.anyFailed() && !starting) || System.nanoTime() > deadline) break;
            Thread.sleep(200);
        }
        System.err.printf(java.util.Locale.ROOT, "lean-agent: %d of %d Lean workers ready after %.1f s (%s)%n",
                s.ready() + s.busy(), s.workers(), (System.nanoTime() - t0) / 1e9, s.sizing());
        if (s.ready() + s.busy() > 0 || !s.anyFailed()) return Optional.empty();
        // The pool keeps the last start failure and answers any request with it while no worker is up.
        PoolOutcome probe = pool.start(StartRequest.statement("", "", "true")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (probe instanceof PoolOutcome.Ok ok) {
            pool.release(List.of(ok.handle())); // a retry came up meanwhile
            return Optional.empty();
        }
        return probe.error().kind().equals(PoolErrors.LEAN_UNAVAILABLE) ? Optional.of(probe.error().message())
                : Optional.empty();
    }

    /** Waits for the workers, then searches; stops before any search when no Lean process can load the file's imports. */
    public static List<ProofResult> execute(AgentSystem agent, LeanFile file, List<Target> targets, SearchRun run,
                                            int concurrency, FailureCache failures, ResultsFile sink, Progress progress)
            throws Exception {
        Optional<String> noWorker = awaitWorkers(agent.pools().pool(file.imports()), agent);
        if (noWorker.isPresent()) throw new LeanProcessException(noWorker.get());
        return search(agent, file, targets, run, concurrency, failures, null, r -> {
            if (sink != null) sink.append(r);
        }, progress);
    }

    /**
     * The searches alone, the workers awaited already, in {@code agent}'s system. Each result goes
     * to {@code onResult} and then to the progress line the moment it is known; each tactic's cost
     * to {@code costs} (may be null).
     *
     * @throws dev.leanagent.agent.runtime.RunCancelledException when the run was cancelled
     *         ({@link AgentSystem#cancel}): after every search that was running has reported, with
     *         a {@code cancelled} reason; theorems not started by then have no result
     */
    public static List<ProofResult> search(AgentSystem agent, LeanFile file, List<Target> targets, SearchRun run,
                                           int concurrency, FailureCache failures, TacticCosts costs,
                                           Consumer<ProofResult> onResult, Progress progress) throws Exception {
        int parallelTactics = parallelTactics(run, agent.pools().pool(file.imports()));
        List<ProofResult> results = new ArrayList<>();
        agent.throwIfCancelled();
        Launched launched = launch(agent, file, targets, run, concurrency, parallelTactics, failures, costs, result -> {
            synchronized (results) {
                results.add(result);
            }
            onResult.accept(result);
            progress.finished(result);
        }).toCompletableFuture().get(60, TimeUnit.SECONDS);
        progress.started();
        launched.done().get();
        agent.throwIfCancelled();
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /**
     * Searches started and running: {@code coordinator} takes {@link ProveCoordinator.CancelAll}
     * (the HTTP server cancels a search whose client went away), {@code done} completes when every
     * theorem has its result.
     */
    public record Launched(ActorRef<ProveCoordinator.Command> coordinator, CompletableFuture<Void> done) {
    }

    /**
     * Starts the searches in {@code agent}'s system without waiting for them (the HTTP server must
     * not block its threads): the stage completes once the coordinator runs. A cancellation of the
     * whole run ({@link AgentSystem#cancel}) reaches them too. Checks of found proofs run on a
     * thread pool of the run's own, shut down when {@code done} completes.
     */
    public static CompletionStage<Launched> launch(AgentSystem agent, LeanFile file, List<Target> targets,
                                                   SearchRun run, int concurrency, int parallelTactics,
                                                   FailureCache failures, TacticCosts costs,
                                                   Consumer<ProofResult> onResult) {
        LeanPool pool = agent.pools().pool(file.imports());
        List<TheoremTask> tasks = new ArrayList<>();
        for (Target t : targets) tasks.add(task(pool, file, t, failures, costs));
        ExecutorService blocking = Executors.newCachedThreadPool(r -> {
            Thread th = new Thread(r, "lean-agent-search");
            th.setDaemon(true);
            return th;
        });
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((v, e) -> blocking.shutdownNow());
        return agent.spawnSearchesAsync(ProveCoordinator.create(tasks, concurrency, parallelTactics, run, blocking,
                        onResult, done), "prove-" + RUNS.incrementAndGet(), ProveCoordinator.CancelAll::new)
                .whenComplete((ref, e) -> {
                    if (e != null) blocking.shutdownNow();
                }).thenApply(ref -> new Launched(ref, done));
    }

    /** One theorem's search task over {@code pool}: its statement started in the file's context. */
    public static TheoremTask task(LeanPool pool, LeanFile file, Target t, FailureCache failures, TacticCosts costs) {
        Declaration d = t.theorem();
        StartRequest start = StartRequest.statement(file.contextFor(d), d.binders(), d.type());
        return new TheoremTask(file, d, new LeanProofEnvironment(pool, start, failures, costs), t.attempt());
    }

    /** The tactics of one search in flight at once over {@code pool}, as a local run chooses them. */
    public static int parallelTactics(SearchRun run, LeanPool pool) throws Exception {
        return run.search().parallelTactics(workers(pool));
    }

    /**
     * The pool's workers, for {@code parallel-tactics = auto}: as many as it runs once sized, or,
     * while automatic sizing is still measuring its first worker, one per core (the most it will run).
     */
    static int workers(LeanPool pool) throws Exception {
        return workers(pool.stats().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    /** {@link #workers(LeanPool)} from stats already in hand. */
    public static int workers(PoolStats s) {
        return s.sizing().equals(PoolStats.SIZING_PENDING) ? Runtime.getRuntime().availableProcessors() : s.workers();
    }
}
