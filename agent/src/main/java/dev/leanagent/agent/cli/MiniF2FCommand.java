package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.TacticCosts;
import dev.leanagent.agent.prove.CachingGenerator;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.Progress;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.ResultsFile;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import dev.leanagent.bridge.pool.LeanPools;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.bridge.toolchain.ImportClosure;
import dev.leanagent.minif2f.Comparison;
import dev.leanagent.minif2f.Report;
import dev.leanagent.minif2f.StandaloneTheorems;
import dev.leanagent.minif2f.Summary;
import dev.leanagent.minif2f.Workspace;
import dev.leanagent.minif2f.setup.WorkspaceManifest;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import dev.leanagent.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "minif2f", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run miniF2F (Lean 3) end to end and report it.",
                "",
                "Each theorem of the split is searched from its own statement with the file's header; the other "
                        + "theorems (all sorry) are not available to it. Every proof counted passed an independent "
                        + "check. --out DIR gets results.jsonl (one line per theorem and attempt, appended as they "
                        + "finish), run.json, summary.json, report.md and chart.png. `setup --dir DIR` prepares a workspace; "
                        + "`report DIR` rebuilds a report, `report DIR1 DIR2` compares two runs."},
        subcommands = {MiniF2FSetupCommand.class, MiniF2FCommand.ReportCommand.class})
public final class MiniF2FCommand implements Callable<Integer> {

    @Option(names = "--split", paramLabel = "valid|test", description = "Which split to run.")
    String split;

    @Option(names = "--minif2f", paramLabel = "DIR", description = "A workspace made by `setup` (its Lean and mathlib are then "
            + "used), or a facebookresearch/miniF2F checkout (its lean/src holds valid.lean; add mathlib with --lean-path).")
    Path minif2f;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N theorems (in file order).")
    Integer limit;

    @Option(names = "--names", paramLabel = "FILE", description = "Only the theorems named in FILE, one per line.")
    Path names;

    @Option(names = "--attempts", paramLabel = "K", description = "Attempts per theorem, for pass@k (default 1).")
    int attempts = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results and the report go (default: runs/minif2f-SPLIT).")
    Path out;

    @Option(names = "--resume", description = "Skip theorem attempts already in DIR/results.jsonl.")
    boolean resume;

    @Mixin
    SearchOptions searchOptions;

    @Mixin
    PoolOptions pool;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        if (split == null) throw new UsageException("--split valid or --split test is required");
        if (!Workspace.SPLITS.contains(split)) throw new UsageException("--split must be valid or test, not " + split);
        if (minif2f == null) throw new UsageException("--minif2f DIR is required: a facebookresearch/miniF2F checkout");
        if (attempts < 1) throw new UsageException("--attempts must be at least 1");
        searchOptions.requireAvailableGenerator();
        Optional<WorkspaceManifest> manifest = WorkspaceManifest.read(minif2f);
        manifest.ifPresent(m -> global.addWorkspace(m.leanPathDirs(minif2f), Path.of(m.leanHome())));
        Workspace ws = new Workspace(manifest.map(m -> m.minif2fDir(minif2f)).orElse(minif2f));
        List<String> missing = ws.missing(split);
        if (!missing.isEmpty()) throw new UsageException("the miniF2F workspace is incomplete:\n  - " + String.join("\n  - ", missing));
        Config config = global.config();
        SearchConfig searchConfig = SearchConfig.from(config);
        SearchSettings search = searchOptions.settings(searchConfig);
        PoolSettings poolSettings = pool.settings(config);
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        if (!env.toolchain().version().equals(Workspace.LEAN_VERSION)) {
            throw new UsageException("miniF2F pins Lean " + Workspace.LEAN_VERSION + " (its mathlib " + Workspace.MATHLIB_COMMIT
                    .substring(0, 8) + " is compiled with it), but " + env.toolchain().describe()
                    + " was found; set LEAN_HOME to a Lean " + Workspace.LEAN_VERSION + " toolchain");
        }
        LeanFile file = StandaloneTheorems.of(LeanFileReader.read(ws.split(split)));
        ImportClosure closure = env.importsOf(file);
        if (!closure.unresolved().isEmpty()) {
            throw new UsageException(file.path() + " imports modules that are not on Lean's path:\n  "
                    + closure.gaps().orElseThrow().replace("\n", "\n  ") + "\nAdd their directories with --lean-path "
                    + "(mathlib's src/ and miniF2F's lean/src/), or use a workspace made by ./lean-agent bench minif2f setup");
        }
        Optional<String> gaps = closure.gaps();
        if (gaps.isPresent()) {
            throw new UsageException("the miniF2F workspace is not ready: " + file.path() + "'s imports are not all compiled:\n  "
                    + gaps.get().replace("\n", "\n  ") + "\nFinish compiling them (it resumes where it stopped): "
                    + (manifest.isPresent() ? "./lean-agent bench minif2f setup --dir " + minif2f
                    : "cd " + ws.split(split).getParent() + " && LEAN_PATH=" + env.toolchain().leanPath(env.settings().path())
                    + " " + env.toolchain().lean() + " --make minif2f_import.lean (or prepare a workspace with "
                    + "./lean-agent bench minif2f setup --dir DIR)"));
        }
        List<Declaration> theorems = select(file);
        Path dir = out != null ? out : Path.of("runs", "minif2f-" + split);
        Path resultsPath = dir.resolve("results.jsonl");
        Set<String> done = resume ? finished(resultsPath) : Set.of();
        if (!resume && Files.isRegularFile(resultsPath) && Files.size(resultsPath) > 0) {
            throw new UsageException(resultsPath + " already has results: add --resume to continue that run, or choose "
                    + "another --out");
        }
        SearchRun run = searchOptions.run(searchConfig, search, poolSettings, env, !file.imports().isEmpty());
        int k = searchOptions.concurrency(searchConfig, poolSettings);

        Files.createDirectories(dir);
        Map<String, String> info = runInfo(env, search, poolSettings, run, file, theorems.size(), k);
        Files.writeString(dir.resolve("run.json"), ProofResults.json().writeValueAsString(info), StandardCharsets.UTF_8);
        TacticCosts costs = new TacticCosts();
        try (run; LeanPools pools = env.pools(poolSettings, config); ResultsFile sink = new ResultsFile(resultsPath)) {
            boolean ran = false;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                int a = attempt;
                List<ProofRun.Target> targets = theorems.stream().filter(d -> !done.contains(key(d.displayName(), a)))
                        .map(d -> new ProofRun.Target(d, a)).toList();
                System.err.printf(Locale.ROOT, "lean-agent: miniF2F %s attempt %d: %d theorems to run (%d done before), "
                                + "%d at a time; %s%n", split, a, targets.size(), theorems.size() - targets.size(), k,
                        env.toolchain().describe());
                if (targets.isEmpty()) continue;
                ProofRun.execute(pools, file, targets, run, k, new FailureCache(searchConfig.failureCacheSize()), costs, sink,
                        new Progress(System.err, targets.size(), System.console() != null));
                ran = true;
            }
            if (ran) { // a resumed run with nothing left started no Lean, and should not start one to report on it
                info.putAll(poolAccount(pools.pool(file.imports()).stats().toCompletableFuture().get(30, TimeUnit.SECONDS)));
                costs.table().forEach((tactic, cost) -> info.put("tactic " + tactic, cost));
                Files.writeString(dir.resolve("run.json"), ProofResults.json().writeValueAsString(info), StandardCharsets.UTF_8);
            }
        }
        List<ProofResult> results = ProofResults.read(resultsPath);
        Summary s = Summary.of(split, results);
        Report.write(dir, s, info, results).ifPresent(problem -> System.err.println("lean-agent: " + problem));
        System.out.printf(Locale.ROOT, "miniF2F %s: pass@1 %d/%d = %.1f%% (95%% CI %.1f–%.1f%%); report in %s%n", split,
                s.provedAt1(), s.theorems(), 100 * s.passAt1().rate(), 100 * s.passAt1().low(), 100 * s.passAt1().high(),
                dir.resolve("report.md"));
        return 0;
    }

    private List<Declaration> select(LeanFile file) throws IOException {
        List<Declaration> all = file.declarations().stream().filter(Declaration::isTheorem).toList();
        if (names != null) {
            if (!Files.isRegularFile(names)) throw new UsageException("no such file: " + names);
            Set<String> wanted = new HashSet<>();
            for (String l : Files.readAllLines(names)) if (!l.isBlank() && !l.startsWith("#")) wanted.add(l.strip());
            Set<String> known = new HashSet<>();
            all.forEach(d -> known.add(d.name()));
            List<String> unknown = wanted.stream().filter(w -> !known.contains(w)).sorted().toList();
            if (!unknown.isEmpty()) throw new UsageException("not in " + split + ".lean: " + unknown);
            all = all.stream().filter(d -> wanted.contains(d.name())).toList();
        }
        if (limit != null) {
            if (limit < 1) throw new UsageException("--limit must be at least 1");
            all = all.subList(0, Math.min(limit, all.size()));
        }
        return all;
    }

    private static String key(String name, int attempt) {
        return name + "#" + attempt;
    }

    private static Set<String> finished(Path results) throws IOException {
        Set<String> keys = new HashSet<>();
        for (ProofResult r : ProofResults.read(results)) keys.add(key(r.name(), r.attempt()));
        return keys;
    }

    private Map<String, String> runInfo(LeanEnvironment env, SearchSettings search, PoolSettings pool, SearchRun run,
                                        LeanFile file, int theorems, int k) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("split", split + " (" + theorems + " theorems, " + file.path() + ")");
        m.put("started", Instant.now().toString());
        m.put("lean", env.toolchain().describe());
        m.put("lean path", env.settings().path().toString());
        m.put("pinned", "Lean " + Workspace.LEAN_VERSION + ", mathlib " + Workspace.MATHLIB_COMMIT);
        m.put("lean-agent", dev.leanagent.agent.Main.VERSION);
        m.put("generator", run.generator().name());
        if (run.model() != null) {
            m.put("model", run.model() + " (" + run.modelDescription() + "), template " + run.template());
            m.put("seed", run.seed() + (attempts > 1 ? " (attempt k: seed + k - 1)" : ""));
        }
        m.put("budget", String.format(Locale.ROOT, "%d expansions, %d s per theorem, depth %d, %s priority; per tactic %d ms "
                        + "and %d heartbeats", search.maxExpansions(), search.timeout().toSeconds(), search.maxDepth(),
                search.priority().name().toLowerCase(Locale.ROOT), pool.tacticTimeout().toMillis(), pool.heartbeats()));
        m.put("attempts", Integer.toString(attempts));
        m.put("concurrency", k + " searches, " + (pool.workers() > 0 ? pool.workers() + " workers" : "automatic workers"));
        m.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + dev.leanagent.bridge.pool.PoolSizing.availableMemory().orElse(0) / (1L << 20) + " MiB available; "
                + (run.model() != null ? "the model on the device above" : "no model, Lean on the CPU"));
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    /** What the Lean pool did in this invocation: how many workers and why, and its faults, so a reader can trust the figures. */
    private static Map<String, String> poolAccount(PoolStats p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("workers", p.sizing());
        m.put("lean requests", String.format(Locale.ROOT, "%d answered (%d failed, %d stopped by their tactic limit); "
                        + "%d hung, %d crashes, %d restarts, %d recycles, %d steps replayed, %d replays failed, %d refused; "
                        + "a worker's time per request p50 %.0f ms, p99 %.0f ms", p.answered(), p.failures(), p.leanTimeouts(), p.hung(),
                p.crashes(), p.restarts(), p.recycles(), p.replayedSteps(), p.replayFailures(), p.rejected(),
                p.service().p50(), p.service().p99()));
        return m;
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Rebuild summary.json, report.md and chart.png of a run directory from its results.jsonl.",
                    "With two directories, put the runs side by side instead (settings, pass rates with intervals, "
                            + "theorems proved by one only, McNemar's test, categories): printed, or written to --out."})
    static final class ReportCommand implements Callable<Integer> {

        @Parameters(arity = "1..2", paramLabel = "DIR", description = "A run directory (with results.jsonl); two to compare.")
        List<Path> dirs;

        @Option(names = "--out", paramLabel = "FILE", description = "With two runs: write the comparison here (Markdown).")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (dirs.size() == 1) {
                Path dir = dirs.get(0);
                LoadedRun run = LoadedRun.read(dir);
                Report.write(dir, Summary.of(run.split(), run.results()), run.info(), run.results())
                        .ifPresent(problem -> System.err.println("lean-agent: " + problem));
                System.out.println("wrote " + dir.resolve("report.md") + ", summary.json and chart.png from "
                        + run.results().size() + " results");
                return 0;
            }
            LoadedRun a = LoadedRun.read(dirs.get(0)), b = LoadedRun.read(dirs.get(1));
            Comparison c;
            try {
                c = Comparison.of(a.side(dirs.get(0)), b.side(dirs.get(1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            String md = c.markdown();
            if (out != null) {
                Files.writeString(out, md, StandardCharsets.UTF_8);
                System.out.println("wrote " + out);
            } else {
                System.out.print(md);
            }
            return 0;
        }
    }

    /** A finished (or interrupted) run as its directory holds it. */
    private record LoadedRun(Map<String, String> info, List<ProofResult> results, String split) {

        static LoadedRun read(Path dir) throws IOException {
            Path results = dir.resolve("results.jsonl");
            if (!Files.isRegularFile(results)) throw new UsageException("no results.jsonl in " + dir);
            Map<String, String> info = new LinkedHashMap<>();
            Path runJson = dir.resolve("run.json");
            if (Files.isRegularFile(runJson)) {
                ProofResults.json().readTree(runJson.toFile()).fields()
                        .forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
            }
            String split = info.getOrDefault("split", "valid").startsWith("test") ? "test" : "valid";
            return new LoadedRun(info, ProofResults.read(results), split);
        }

        Comparison.Run side(Path dir) {
            return Comparison.Run.of(dir.toString(), info, split, results);
        }
    }
}
