package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.UsageException;
import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.pool.PoolOutcome;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.bridge.pool.StateHandle;
import dev.leanagent.bridge.repl.LeanTime;
import dev.leanagent.bridge.repl.Outcome;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.repl.StartRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "bench-pool", mixinStandardHelpOptions = true,
        description = {"Measure the Lean pool: round trips per second per worker, the bridge's overhead beside "
                + "Lean's own time, scaling over worker counts, memory per worker.",
                "",
                "The workload is a fixed mix of tactics (some fail, as in a search) on small core-Lean theorems; "
                        + "it needs no mathlib. Figures go to stdout."})
public final class BenchPoolCommand implements Callable<Integer> {

    @Option(names = "--workers", split = ",", paramLabel = "N[,N...]",
            description = "Worker counts to compare (default: 1,2,4).")
    List<Integer> workerCounts = new ArrayList<>(List.of(1, 2, 4));

    @Option(names = "--requests", paramLabel = "N", description = "Tactic requests per worker count, all sent at once (default: 2000).")
    int requests = 2000;

    @Option(names = "--sequential", paramLabel = "N", description = "Requests sent one at a time to measure overhead (default: 300).")
    int sequential = 300;

    @Mixin
    GlobalOptions global;

    /** Small core-Lean goals; the tactics below succeed on some, fail on others. */
    static final List<StartRequest> THEOREMS = List.of(
            StartRequest.statement("", "(n : ℕ)", "0 + n = n"),
            StartRequest.statement("", "(a b : ℕ)", "a + b = b + a"),
            StartRequest.statement("", "(p q : Prop)", "p ∧ q → q ∧ p"),
            StartRequest.statement("", "(l : list ℕ)", "l ++ [] = l"),
            StartRequest.statement("", "(a b c : ℕ)", "a * (b + c) = a * b + a * c"),
            StartRequest.statement("", "(m n : ℕ)", "m ≤ m + n"));
    static final List<String> TACTICS = List.of("intros", "simp", "cc", "split", "refl", "assumption",
            "simp [nat.add_comm, nat.mul_add]");

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || sequential < 1) throw new UsageException("--requests and --sequential must be at least 1");
        for (int n : workerCounts) if (n < 1) throw new UsageException("--workers takes counts of at least 1, not " + n);
        Config config = global.config();
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        PoolSettings base = new PoolOptions().settings(config).withRecycling(0, 0);
        System.out.printf(Locale.ROOT, "lean-agent pool benchmark: %s, %d cores, core library only%n",
                env.toolchain().describe(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "workload: request k runs tactic k mod %d of %s on theorem k mod %d%n",
                TACTICS.size(), TACTICS, THEOREMS.size());

        double processOverheadMs = oneProcess(env);
        onePoolWorker(env, base, config, processOverheadMs);
        System.out.printf(Locale.ROOT, "%nthroughput: %d requests sent at once%n", requests);
        System.out.println("  workers  requests/s  per worker  p50 ms  p99 ms  Lean ms/request  failed  resident/worker");
        for (int n : workerCounts) throughput(env, base.withWorkers(n), config, n);
        System.out.println();
        System.out.println("pool.workers = auto would choose here: " + automaticSize(env, base.withWorkers(0), config));
        return 0;
    }

    private static String tactic(int k) {
        return TACTICS.get(k % TACTICS.size());
    }

    /** One ReplProcess, no actors: the client's round trip against Lean's own time; returns the overhead. */
    private double oneProcess(LeanEnvironment env) throws InterruptedException {
        try (ReplProcess repl = ReplProcess.start(env.toolchain(), env.sandbox(), env.settings().repl(List.of()))) {
            int[] roots = THEOREMS.stream().mapToInt(t -> repl.start(t).state().id()).toArray();
            Thread.sleep(200);
            LeanTime before = repl.leanTime();
            long t0 = System.nanoTime();
            for (int k = 0; k < sequential; k++) {
                Outcome o = repl.tactic(roots[k % roots.length], tactic(k), env.settings().tacticTimeout(),
                        env.settings().heartbeats());
                if (o.ok()) repl.release(List.of(o.state().id()));
            }
            double wallMs = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(200); // Lean's timing lines come on stderr, a little after the replies
            LeanTime lean = minus(repl.leanTime(), before);
            // each successful tactic was followed by a release, also timed by Lean
            double roundTrip = wallMs / sequential;
            double leanPerTactic = lean.millis() / sequential;
            System.out.printf(Locale.ROOT, "%none process, one request at a time (%d tactics, each success then released):%n",
                    sequential);
            System.out.printf(Locale.ROOT, "  round trip       %8.3f ms per tactic (JVM -> sandboxed Lean -> JVM)%n", roundTrip);
            System.out.printf(Locale.ROOT, "  Lean's own time  %8.3f ms per tactic (%d requests timed inside Lean)%n",
                    leanPerTactic, lean.requests());
            System.out.printf(Locale.ROOT, "  bridge overhead  %8.3f ms per tactic (JSON, pipes; includes the releases' round trips)%n",
                    roundTrip - leanPerTactic);
            return roundTrip - leanPerTactic;
        }
    }

    /** The same requests through a one-worker pool: the actors' share. */
    private void onePoolWorker(LeanEnvironment env, PoolSettings base, Config config, double processOverheadMs) throws Exception {
        try (AgentSystem agent = env.agent(base.withWorkers(1), config)) {
            LeanPool pool = agent.pools().pool(List.of());
            List<StateHandle> roots = startAll(pool, THEOREMS.size());
            Thread.sleep(200);
            LeanTime before = await(pool.stats().toCompletableFuture()).lean();
            long t0 = System.nanoTime();
            for (int k = 0; k < sequential; k++) {
                PoolOutcome o = await(pool.tactic(roots.get(k % roots.size()), tactic(k)).toCompletableFuture());
                if (o instanceof PoolOutcome.Ok ok) pool.release(List.of(ok.handle()));
            }
            double roundTrip = (System.nanoTime() - t0) / 1e6 / sequential;
            Thread.sleep(200);
            LeanTime lean = minus(await(pool.stats().toCompletableFuture()).lean(), before);
            double overhead = roundTrip - lean.millis() / sequential;
            System.out.printf(Locale.ROOT, "%none-worker pool, one request at a time (%d tactics, each success then released):%n",
                    sequential);
            System.out.printf(Locale.ROOT, "  round trip       %8.3f ms per tactic (caller -> pool -> worker -> Lean -> caller)%n",
                    roundTrip);
            System.out.printf(Locale.ROOT, "  Lean's own time  %8.3f ms per tactic%n", lean.millis() / sequential);
            System.out.printf(Locale.ROOT, "  bridge overhead  %8.3f ms per tactic, of which the actors' share %.3f ms%n",
                    overhead, overhead - processOverheadMs);
        }
    }

    private void throughput(LeanEnvironment env, PoolSettings settings, Config config, int workers) throws Exception {
        try (AgentSystem agent = env.agent(settings, config)) {
            LeanPool pool = agent.pools().pool(List.of());
            List<StateHandle> roots = startAll(pool, Math.max(THEOREMS.size(), 3 * workers));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            PoolStats ready;
            do {
                Thread.sleep(100);
                ready = await(pool.stats().toCompletableFuture());
            } while (ready.ready() < workers && System.nanoTime() < deadline);
            long startBytes = ready.perWorker().stream().mapToLong(PoolStats.WorkerStats::residentBytes).max().orElse(0);
            LeanTime before = ready.lean();
            long[] doneAt = new long[requests];
            List<CompletableFuture<PoolOutcome>> replies = new ArrayList<>(requests);
            long t0 = System.nanoTime();
            for (int k = 0; k < requests; k++) {
                int i = k;
                replies.add(pool.tactic(roots.get(k % roots.size()), tactic(k)).toCompletableFuture()
                        .whenComplete((o, e) -> doneAt[i] = System.nanoTime()));
            }
            int failed = 0;
            for (CompletableFuture<PoolOutcome> r : replies) if (!await(r).ok()) failed++;
            long end = Arrays.stream(doneAt).max().orElse(t0);
            double seconds = (end - t0) / 1e9;
            long[] latencies = Arrays.stream(doneAt).map(d -> d - t0).sorted().toArray();
            Thread.sleep(200);
            PoolStats after = await(pool.stats().toCompletableFuture());
            LeanTime lean = minus(after.lean(), before);
            long endBytes = after.perWorker().stream().mapToLong(PoolStats.WorkerStats::residentBytes).max().orElse(0);
            System.out.printf(Locale.ROOT, "  %7d  %10.0f  %10.0f  %6.0f  %6.0f  %15.3f  %6d  %s -> %s%n", workers,
                    requests / seconds, requests / seconds / workers, latencies[latencies.length / 2] / 1e6,
                    latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1e6, lean.millis() / requests, failed,
                    mib(startBytes), mib(endBytes));
        }
    }

    private static String automaticSize(LeanEnvironment env, PoolSettings settings, Config config) throws Exception {
        try (AgentSystem agent = env.agent(settings, config)) {
            LeanPool pool = agent.pools().pool(List.of());
            await(pool.start(THEOREMS.get(0)).toCompletableFuture());
            return await(pool.stats().toCompletableFuture()).sizing();
        }
    }

    private static List<StateHandle> startAll(LeanPool pool, int count) {
        List<CompletableFuture<PoolOutcome>> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) starts.add(pool.start(THEOREMS.get(i % THEOREMS.size())).toCompletableFuture());
        return starts.stream().map(s -> await(s).success().handle()).toList();
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("the pool gave no answer: " + e, e);
        }
    }

    private static LeanTime minus(LeanTime a, LeanTime b) {
        return new LeanTime(a.requests() - b.requests(), a.millis() - b.millis());
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
