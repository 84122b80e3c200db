package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.ModelServiceConfig;
import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.runtime.Interruption;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.cluster.ClusterSettings;
import dev.leanagent.agent.cluster.Protocol;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.minif2f.Workspace;
import dev.leanagent.minif2f.run.RunDirectory;
import dev.leanagent.minif2f.run.RunRequest;
import dev.leanagent.minif2f.run.RunSetupException;
import dev.leanagent.minif2f.run.SplitRun;
import dev.leanagent.minif2f.setup.WorkspaceManifest;
import dev.leanagent.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "minif2f", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run miniF2F (Lean 3) end to end and report it.",
                "",
                "Each theorem of the split is searched from its own statement with the file's header; the other "
                        + "theorems (all sorry) are not available to it. Every proof counted passed an independent "
                        + "check. --out DIR gets results.jsonl (one line per theorem and attempt, appended as they "
                        + "finish), run.json, summary.json, report.md and chart.png. `setup --dir DIR` prepares a workspace; "
                        + "`report DIR` rebuilds a report, `report DIR1 DIR2` compares two runs.",
                "With --cluster HOST:PORT this process is the run's coordinator: the attempts are searched on the "
                        + "cluster's lean nodes (`node --role lean --minif2f DIR`), the results and the report written "
                        + "here; --workers and --concurrency are then the nodes' own (README, 'Several machines')."},
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
    ClusterOptions cluster;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        if (split == null) throw new UsageException("--split valid or --split test is required");
        if (minif2f == null) throw new UsageException("--minif2f DIR is required: a facebookresearch/miniF2F checkout");
        searchOptions.requireAvailableGenerator(cluster.joining());
        try {
            return run();
        } catch (RunSetupException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private int run() throws Exception {
        Optional<WorkspaceManifest> manifest = useWorkspace(minif2f, global);
        Workspace ws = new Workspace(manifest.map(m -> m.minif2fDir(minif2f)).orElse(minif2f));
        Config config = global.config();
        SearchConfig searchConfig = SearchConfig.from(config);
        SearchSettings search = searchOptions.settings(searchConfig);
        PoolSettings poolSettings = pool.settings(config);
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        // Also on a coordinator: the split is read and its imports checked here, so this machine needs the workspace too.
        SplitRun split = SplitRun.prepare(new RunRequest(this.split, ws, manifest.map(m -> minif2f), limit, names,
                attempts, out, resume), env.toolchain(), env.settings().path());
        if (cluster.joining()) return runOnCluster(split, config, searchConfig, search, poolSettings);
        LeanFile file = split.file();
        int k = searchOptions.concurrency(searchConfig, poolSettings);
        // Closed in reverse: the searches have reported before Lean is killed and the system stops.
        try (AgentSystem agent = env.agent(poolSettings, config);
             Interruption signals = Interruption.onSignals(agent::cancel);
             SearchRun run = searchOptions.run(searchConfig, search, poolSettings, env, !file.imports().isEmpty(), agent,
                     ModelServiceConfig.from(config))) {
            split.run(new MiniF2FProver(agent, file, run, k, searchConfig.failureCacheSize(),
                    settings(search, poolSettings, run, k)), System.out, System.err);
        }
        return 0;
    }

    /**
     * A workspace made by {@code setup} brings its Lean and the directories of Lean's path (mathlib);
     * empty for a plain miniF2F checkout. Shared with {@code node --minif2f}, whose Lean needs the same.
     */
    static Optional<WorkspaceManifest> useWorkspace(Path dir, GlobalOptions global) throws java.io.IOException {
        Optional<WorkspaceManifest> manifest = WorkspaceManifest.read(dir);
        manifest.ifPresent(m -> global.addWorkspace(m.leanPathDirs(dir), Path.of(m.leanHome())));
        return manifest;
    }

    /** The run as a cluster's coordinator: the same harness and files, the attempts searched on the lean nodes. */
    private int runOnCluster(SplitRun split, Config config, SearchConfig searchConfig, SearchSettings search,
                             PoolSettings poolSettings) throws Exception {
        ClusterSettings settings = ClusterSettings.from(config);
        try (AgentSystem agent = cluster.startCoordinator(config, poolSettings);
             Interruption signals = Interruption.onSignals(agent::cancel)) {
            Protocol.RunSpec spec = searchOptions.clusterSpec(searchConfig, search, agent, settings.modelWait());
            Protocol.ModelSpec model = spec.model();
            Map<String, String> m = model == null ? header(spec.generator(), null, null, null, null)
                    : header(spec.generator(), model.id(), model.description(), model.template(), model.generation().seed());
            m.put("budget", budget(search) + "; per tactic: each node's pool settings");
            m.put("cluster", "coordinator at " + agent.system().address().hostPort() + ", joined through the seed "
                    + cluster.seed + "; the attempts ran on the cluster's lean nodes (the node lines count them)");
            m.put("concurrency", "as many searches as the lean nodes pull (each node's --concurrency)");
            m.put("machine", "the lean nodes': Lean on their CPUs; "
                    + (spec.generator().equals("model") ? "the model on the cluster's model nodes"
                    : spec.model() != null ? "the model behind " + spec.model().endpoint() : "no model"));
            m.put("java", System.getProperty("java.version"));
            split.run(new ClusterMiniF2FProver(agent, split.file(), spec, settings.workerWait(), m),
                    System.out, System.err);
        }
        return 0;
    }

    private static String budget(SearchSettings search) {
        return String.format(Locale.ROOT, "%d expansions, %d s per theorem, depth %d, %s priority", search.maxExpansions(),
                search.timeout().toSeconds(), search.maxDepth(), search.priority().name().toLowerCase(Locale.ROOT));
    }

    /** run.json's first lines, local or on a cluster: version, generator and, with a model, which and its seed. */
    private Map<String, String> header(String generator, String model, String description, String template, Long seed) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lean-agent", dev.leanagent.agent.Main.VERSION);
        m.put("generator", generator);
        if (model != null) {
            m.put("model", model + " (" + description + "), template " + template);
            m.put("seed", seed + (attempts > 1 ? " (attempt k: seed + k - 1)" : ""));
        }
        return m;
    }

    /** How the searches run, for run.json: what a reader needs to reproduce or compare the figures. */
    private Map<String, String> settings(SearchSettings search, PoolSettings pool, SearchRun run, int k) {
        Map<String, String> m = header(run.generator().name(), run.model(), run.modelDescription(), run.template(), run.seed());
        m.put("budget", String.format(Locale.ROOT, "%s; per tactic %d ms and %d heartbeats", budget(search),
                pool.tacticTimeout().toMillis(), pool.heartbeats()));
        m.put("concurrency", k + " searches, " + (pool.workers() > 0 ? pool.workers() + " workers" : "automatic workers"));
        m.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + dev.leanagent.bridge.pool.PoolSizing.availableMemory().orElse(0) / (1L << 20) + " MiB available; "
                + (run.model() != null ? "the model on the device above" : "no model, Lean on the CPU"));
        m.put("java", System.getProperty("java.version"));
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
            try {
                if (dirs.size() == 1) {
                    RunDirectory run = RunDirectory.read(dirs.get(0));
                    run.writeReport().ifPresent(problem -> System.err.println("lean-agent: " + problem));
                    System.out.println("wrote " + run.dir().resolve("report.md") + ", summary.json and chart.png from "
                            + run.results().size() + " results");
                    return 0;
                }
                String md = RunDirectory.compare(RunDirectory.read(dirs.get(0)), RunDirectory.read(dirs.get(1)));
                if (out != null) {
                    Files.writeString(out, md, StandardCharsets.UTF_8);
                    System.out.println("wrote " + out);
                } else {
                    System.out.print(md);
                }
                return 0;
            } catch (RunSetupException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }
}
