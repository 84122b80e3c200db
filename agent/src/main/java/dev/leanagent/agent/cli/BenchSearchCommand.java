package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.Progress;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.minif2f.StandaloneTheorems;
import dev.leanagent.minif2f.Workspace;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

@Command(name = "bench-search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure how fast one search finds a proof as tactics run in parallel over more Lean workers.",
                "",
                "A fixed set of theorems (core Lean, benchmarks/search-core.lean; with --minif2f, also some miniF2F "
                        + "valid theorems on mathlib) is searched one theorem at a time with the automation list, for "
                        + "every pair of --workers and --parallel-tactics, each pair on a fresh pool and fresh caches. "
                        + "Prints per theorem the time to the first proof, and per pair expansions per second, the "
                        + "workers' busy fraction and what the pool replayed. Found proofs are checked as in `prove`."})
public final class BenchSearchCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--workers", split = ",", paramLabel = "N[,N...]", description = "Worker counts (default: 1,2,4).")
    List<Integer> workerCounts = new ArrayList<>(List.of(1, 2, 4));

    @Option(names = "--parallel-tactics", split = ",", paramLabel = "N[,N...]",
            description = "Tactics of one search in flight (default: 1,2,4; 1 is the sequential search).")
    List<Integer> parallel = new ArrayList<>(List.of(1, 2, 4));

    @Option(names = "--theorems", paramLabel = "FILE.lean",
            description = "The core-Lean set: its sorry theorems (default: benchmarks/search-core.lean).")
    Path theorems = Path.of("benchmarks", "search-core.lean");

    @Option(names = "--minif2f", paramLabel = "DIR", description = "A facebookresearch/miniF2F checkout: also search "
            + "--names from its valid split (mathlib through --lean-path).")
    Path minif2f;

    @Option(names = "--names", split = ",", paramLabel = "NAME[,NAME...]",
            description = "miniF2F valid theorems to search (default: six the automation list proves in 3 to 13 expansions).")
    List<String> names = new ArrayList<>(List.of("mathd_algebra_245", "mathd_algebra_43", "mathd_algebra_214",
            "amc12b_2003_p9", "mathd_algebra_159", "mathd_algebra_126"));

    @Option(names = "--only", split = ",", paramLabel = "NAME[,NAME...]", description = "Only these theorems of the core set.")
    List<String> only = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall time per theorem (default: 60s).")
    Duration timeout = Duration.ofSeconds(60);

    @Option(names = "--expansions", paramLabel = "N", description = "Expansions per theorem (default: 100).")
    int expansions = 100;

    @Option(names = "--lean-bound", paramLabel = "N", description = "A theorem is Lean-bound when the sequential search "
            + "on one worker needs at least N expansions (default: 5).")
    int leanBound = 5;

    @Mixin
    GlobalOptions global;

    /** One theorem set on one import set: its file and the theorems to search in it. */
    private record TheoremSet(String label, LeanFile file, List<Declaration> targets) {
    }

    private record Setting(int workers, int parallel) {
        String label() {
            return workers + "w/" + parallel + "p";
        }
    }

    /** What one pair of settings gave on one set. */
    private record Measured(Map<String, ProofResult> results, double wallSeconds, PoolStats.Placement placement,
                            long replayedSteps, int workers) {
        double busyFraction() {
            return placement.serviceMillis() / 1000 / (wallSeconds * workers);
        }
    }

    @Override
    public Integer call() throws Exception {
        for (int n : workerCounts) if (n < 1) throw new UsageException("--workers takes counts of at least 1, not " + n);
        for (int n : parallel) if (n < 1) throw new UsageException("--parallel-tactics takes counts of at least 1, not " + n);
        if (expansions < 1) throw new UsageException("--expansions must be at least 1, not " + expansions);
        LeanInput.requireFile(theorems);
        Config config = global.config();
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        List<TheoremSet> sets = new ArrayList<>();
        LeanFile core = LeanInput.read(theorems);
        List<Declaration> coreTargets = core.sorryTheorems().stream()
                .filter(d -> only.isEmpty() || only.contains(d.displayName()) || only.contains(d.name())).toList();
        if (coreTargets.isEmpty()) throw new UsageException("no sorry theorem to search in " + theorems + " (--only " + only + ")");
        sets.add(new TheoremSet("core Lean", core, coreTargets));
        if (minif2f != null) sets.add(minif2fSet());

        SearchConfig searchConfig = SearchConfig.from(config);
        PoolSettings base = new PoolOptions().settings(config);
        System.out.printf(Locale.ROOT, "lean-agent search benchmark: %s, %d cores; automation list, %d expansions and "
                        + "%d s per theorem, one theorem at a time%n", env.toolchain().describe(),
                Runtime.getRuntime().availableProcessors(), expansions, timeout.toSeconds());
        for (TheoremSet set : sets) {
            Map<Setting, Measured> all = new LinkedHashMap<>();
            for (int w : workerCounts) {
                for (int p : parallel) {
                    Setting c = new Setting(w, p);
                    System.err.println("lean-agent: " + set.label() + ", " + w + " workers, " + p + " tactics in flight");
                    all.put(c, measure(set, c, base.withWorkers(w), searchConfig, env, config));
                }
            }
            print(set, all);
        }
        return 0;
    }

    private TheoremSet minif2fSet() {
        Path valid = new Workspace(minif2f).split("valid");
        LeanInput.requireFile(valid);
        LeanFile file = StandaloneTheorems.of(LeanInput.read(valid));
        List<Declaration> targets = new ArrayList<>();
        for (String n : names) {
            targets.add(file.find(n).orElseThrow(() -> new UsageException("no theorem " + n + " in " + valid)));
        }
        return new TheoremSet("miniF2F valid (mathlib)", file, targets);
    }

    /** One pair of settings on a fresh pool, fresh caches and a fresh generator: nothing carries over. */
    private Measured measure(TheoremSet set, Setting c, PoolSettings pool, SearchConfig searchConfig, LeanEnvironment env,
                             Config config) throws Exception {
        SearchSettings search = searchConfig.settings().withBudgets(expansions, timeout).withParallelTactics(c.parallel());
        boolean mathlib = !set.file().imports().isEmpty();
        SearchRun run = SearchOptions.automationRun(AutomationGenerator.load(searchConfig.automationTactics(), mathlib),
                search, new ProofVerifier(env.checker()), SearchOptions.budgets(search, pool));
        try (run; AgentSystem agent = env.agent(pool, config)) {
            LeanPool lean = agent.pools().pool(set.file().imports());
            ProofRun.awaitWorkers(lean, agent).ifPresent(why -> {
                throw new UsageException("no Lean worker could start: " + why);
            });
            PoolStats before = stats(lean);
            long t0 = System.nanoTime();
            List<ProofRun.Target> targets = set.targets().stream().map(d -> new ProofRun.Target(d, 1)).toList();
            Map<String, ProofResult> results = new LinkedHashMap<>();
            for (ProofResult r : ProofRun.search(agent, set.file(), targets, run, 1,
                    new FailureCache(searchConfig.failureCacheSize()), null, r -> { },
                    new Progress(System.err, targets.size(), false))) {
                results.put(r.name(), r);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            PoolStats after = stats(lean);
            PoolStats.Placement a = after.placement(), b = before.placement();
            // The searches' share of the wall time: the checks of found proofs run between them, outside the pool.
            double searching = results.values().stream().mapToDouble(ProofResult::seconds).sum();
            return new Measured(results, Math.min(wall, Math.max(searching, 1e-3)),
                    new PoolStats.Placement(a.replays() - b.replays(), a.moved() - b.moved(),
                            a.replayMillis() - b.replayMillis(), a.serviceMillis() - b.serviceMillis(),
                            a.requestEstimateMillis(), a.replayStepEstimateMillis()),
                    after.replayedSteps() - before.replayedSteps(), after.workers());
        }
    }

    private static PoolStats stats(LeanPool pool) throws Exception {
        return pool.stats().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void print(TheoremSet set, Map<Setting, Measured> all) {
        List<Setting> configs = List.copyOf(all.keySet());
        System.out.printf(Locale.ROOT, "%n%s: seconds to the first proof (- not proved)%n", set.label());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-28s %5s", "theorem", "exp"));
        configs.forEach(c -> head.append(String.format(Locale.ROOT, " %7s", c.label())));
        System.out.println(head);
        Setting baseline = configs.get(0);
        List<String> boundNames = new ArrayList<>();
        for (Declaration d : set.targets()) {
            ProofResult first = all.get(baseline).results().get(d.displayName());
            int exp = first == null ? 0 : first.expansions();
            boolean bound = first != null && first.status().equals(ProofResult.PROVED) && exp >= leanBound;
            if (bound) boundNames.add(d.displayName());
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-28s %5d", d.displayName()
                    + (bound ? " *" : ""), exp));
            for (Setting c : configs) row.append(String.format(Locale.ROOT, " %7s", time(all.get(c).results().get(d.displayName()))));
            System.out.println(row);
        }
        System.out.printf(Locale.ROOT, "  (* Lean-bound: at least %d expansions in %s; exp: expansions there)%n%n",
                leanBound, baseline.label());
        System.out.println("  setting  proved  median s  Lean-bound s  vs first  expansions/s  busy  moved  replays  replay ms/step  request ms");
        double baseBound = boundSeconds(all.get(baseline), boundNames);
        for (Setting c : configs) {
            Measured m = all.get(c);
            long proved = m.results().values().stream().filter(r -> r.status().equals(ProofResult.PROVED)).count();
            double[] times = m.results().values().stream().filter(r -> r.status().equals(ProofResult.PROVED))
                    .mapToDouble(ProofResult::seconds).sorted().toArray();
            double median = times.length == 0 ? Double.NaN : times.length % 2 == 1 ? times[times.length / 2]
                    : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
            long exps = m.results().values().stream().mapToLong(ProofResult::expansions).sum();
            double secs = m.results().values().stream().mapToDouble(ProofResult::seconds).sum();
            double bound = boundSeconds(m, boundNames);
            PoolStats.Placement p = m.placement();
            System.out.printf(Locale.ROOT, "  %7s  %2d/%-3d  %8.2f  %12.2f  %8.2f  %12.1f  %4.0f%%  %5d  %7d  %14s  %10.2f%n",
                    c.label(), proved, m.results().size(), median, bound, bound / baseBound, exps / secs,
                    100 * m.busyFraction(), p.moved(), p.replays(),
                    m.replayedSteps() == 0 ? "-" // nothing replayed, nothing to divide
                            : String.format(Locale.ROOT, "%.2f", p.replayMillis() / m.replayedSteps()),
                    p.requestEstimateMillis());
        }
        System.out.println("  (Lean-bound s: their times summed, a theorem not proved counted at its time spent; vs first: "
                + "that sum over the first setting's; busy: the workers' time on requests over workers x search time; "
                + "request ms: the pool's running estimate at the end)");
    }

    private static double boundSeconds(Measured m, List<String> leanBound) {
        return leanBound.stream().map(m.results()::get).mapToDouble(r -> r == null ? Double.NaN : r.seconds()).sum();
    }

    private static String time(ProofResult r) {
        if (r == null || !r.status().equals(ProofResult.PROVED)) return "-";
        return String.format(Locale.ROOT, "%.2f", r.seconds());
    }
}
