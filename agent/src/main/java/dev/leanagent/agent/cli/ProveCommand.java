package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.ModelServiceConfig;
import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.runtime.Interruption;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.CachingGenerator;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.Progress;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.ResultsFile;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.toolchain.ImportClosure;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.TacticGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@Command(name = "prove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find proofs for the theorems of a Lean 3 file whose proof is `sorry`.",
                "",
                "Each theorem is searched best first in the file's own context (its preamble and its earlier "
                        + "completely proved declarations). A proof counts as proved only after a fresh sandboxed "
                        + "Lean accepted the file with it. Results: one JSON line per theorem (--out, format in "
                        + "search/RESULTS.md), a table at the end, the file with the proofs in place (--write-proofs).",
                "Ctrl-C or SIGTERM cancels: each running theorem gets a result line `error` with reason `cancelled` "
                        + "(--resume runs it again), Lean is stopped, and the exit status is 130 or 143.",
                "Exit status 0 when the run completed, whatever was proved; 2 for a usage or set-up error."})
public final class ProveCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.lean", description = "The file whose sorry theorems to prove.")
    Path file;

    @Option(names = "--theorem", paramLabel = "NAME", description = "Only this theorem (repeatable; full or short name).")
    List<String> theorems = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Append one JSON line per theorem here.")
    Path out;

    @Option(names = "--resume", description = "Skip theorems that already have a result in --out (a cancelled one, or "
            + "an error of the environment such as Lean not starting, is run again).")
    boolean resume;

    @Option(names = "--write-proofs", paramLabel = "OUT.lean", description = "Write FILE with every proof found in place of its sorry.")
    Path writeProofs;

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
        LeanInput.requireFile(file);
        if (resume && out == null) throw new UsageException("--resume needs --out FILE (the results to resume from)");
        searchOptions.requireAvailableGenerator(cluster.joining());
        Config config = global.config();
        SearchConfig searchConfig = SearchConfig.from(config);
        SearchSettings search = searchOptions.settings(searchConfig);
        PoolSettings poolSettings = pool.settings(config);

        LeanFile lean = LeanInput.read(file);
        if (!lean.parses()) throw new UsageException(Unparsable.explain(lean, LeanEnvironment.find(global.lean()).checker()));
        List<Declaration> targets = targets(lean);
        if (resume) {
            Set<String> done = ResultsFile.finished(out, file.toString());
            int before = targets.size();
            targets = targets.stream().filter(d -> !done.contains(d.displayName())).toList();
            System.err.printf(Locale.ROOT, "lean-agent: resuming: %d of %d theorems already in %s "
                            + "(cancelled ones and errors of the environment are run again)%n",
                    before - targets.size(), before, out);
        }
        if (targets.isEmpty()) {
            System.out.println("nothing to prove in " + file + (resume ? " (all done in " + out + ")" : " (no theorem or lemma whose proof is sorry)"));
            return 0;
        }
        if (cluster.joining()) return proveOnCluster(config, searchConfig, search, poolSettings, lean, targets);
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        ImportClosure imports = env.importsOf(lean);
        // An import Lean cannot find fails every theorem the same way: a set-up error, not a result.
        if (!imports.unresolved().isEmpty()) throw new UsageException(MissingImport.explain(file, imports.unresolved().get(0)));
        // A small project's uncompiled modules only cost time, so this warns; mathlib's would cost hours per process.
        imports.gaps().ifPresent(g -> System.err.println("lean-agent: warning: " + g.replace("\n", "\nlean-agent: warning: ")
                + "\nlean-agent: warning: compile them first (lean --make), and pass their directory with --lean-path"));
        int k = searchOptions.concurrency(searchConfig, poolSettings);

        Map<String, ProofResult> results = new LinkedHashMap<>();
        // Closed in reverse: the searches have reported before Lean is killed and the system stops.
        try (AgentSystem agent = env.agent(poolSettings, config);
             Interruption signals = Interruption.onSignals(agent::cancel);
             SearchRun run = searchOptions.run(searchConfig, search, poolSettings, env, !lean.imports().isEmpty(), agent,
                     ModelServiceConfig.from(config));
             ResultsFile sink = out == null ? null : new ResultsFile(out)) {
            System.err.printf(Locale.ROOT, "lean-agent: %d theorems of %s, %d at a time, generator %s, %d expansions "
                            + "and %d s each; %s%n", targets.size(), file, Math.min(k, targets.size()), run.generator().name(),
                    search.maxExpansions(), search.timeout().toSeconds(), env.toolchain().describe());
            List<ProofRun.Target> runTargets = targets.stream().map(d -> new ProofRun.Target(d, 1)).toList();
            for (ProofResult r : ProofRun.execute(agent, lean, runTargets, run, k,
                    new FailureCache(searchConfig.failureCacheSize()), sink,
                    new Progress(System.err, targets.size(), System.console() != null))) {
                results.put(r.name(), r);
            }
            printSizing(agent.pools().pool(lean.imports()));
        }
        summary(targets, results);
        if (writeProofs != null) writeProofs(lean, targets, results);
        return 0;
    }

    /** The run as a cluster's coordinator: the lean nodes search, this process writes the results. */
    private int proveOnCluster(Config config, SearchConfig searchConfig, SearchSettings search, PoolSettings poolSettings,
                               LeanFile lean, List<Declaration> targets) throws Exception {
        dev.leanagent.agent.cluster.ClusterSettings settings = dev.leanagent.agent.cluster.ClusterSettings.from(config);
        Map<String, ProofResult> results = new LinkedHashMap<>();
        try (AgentSystem agent = cluster.startCoordinator(config, poolSettings);
             Interruption signals = Interruption.onSignals(agent::cancel);
             ResultsFile sink = out == null ? null : new ResultsFile(out)) {
            dev.leanagent.agent.cluster.Protocol.RunSpec spec = searchOptions.clusterSpec(searchConfig, search, agent,
                    settings.modelWait());
            System.err.printf(Locale.ROOT, "lean-agent: %d theorems of %s on the cluster at %s, generator %s, %d expansions and %d s each%n",
                    targets.size(), file, cluster.seed, spec.generator(), search.maxExpansions(), search.timeout().toSeconds());
            List<dev.leanagent.agent.cluster.AttemptCoordinator.Item> items = targets.stream()
                    .map(d -> new dev.leanagent.agent.cluster.AttemptCoordinator.Item(file.toString(), lean.text(),
                            d.displayName(), 1)).toList();
            for (ProofResult r : dev.leanagent.agent.cluster.ClusterRun.execute(agent, items, spec,
                    settings.workerWait(),
                    sink == null ? null : sink::append,
                    new Progress(System.err, targets.size(), System.console() != null))) {
                results.put(r.name(), r);
            }
        }
        summary(targets, results);
        if (writeProofs != null) writeProofs(lean, targets, results);
        return 0;
    }

    private List<Declaration> targets(LeanFile lean) {
        if (theorems.isEmpty()) return lean.sorryTheorems();
        List<Declaration> out = new ArrayList<>();
        for (String name : theorems) {
            Declaration d = lean.find(name).orElseThrow(() -> new UsageException("no theorem " + name + " in " + file
                    + "; its sorry theorems are: " + lean.sorryTheorems().stream().map(Declaration::displayName).toList()));
            if (!d.isTheorem() || d.proofStart() < 0) {
                throw new UsageException(name + " in " + file + " is a " + d.keyword() + ", not a theorem or lemma with a proof");
            }
            out.add(d);
        }
        return out;
    }

    private static void printSizing(LeanPool pool) {
        try {
            System.err.println("lean-agent: Lean pool " + pool.stats().toCompletableFuture().get(10, TimeUnit.SECONDS).sizing());
        } catch (Exception e) {
            // only informative
        }
    }

    private void summary(List<Declaration> targets, Map<String, ProofResult> results) {
        System.out.printf(Locale.ROOT, "%-40s %-8s %10s %8s  %s%n", "theorem", "status", "expansions", "seconds", "proof / reason");
        int proved = 0;
        for (Declaration d : targets) {
            ProofResult r = results.get(d.displayName());
            if (r == null) {
                System.out.printf(Locale.ROOT, "%-40s %-8s%n", d.displayName(), "missing");
                continue;
            }
            if (r.status().equals(ProofResult.PROVED)) proved++;
            String detail = r.status().equals(ProofResult.PROVED) ? String.join(", ", r.proof()) : r.reason();
            if (detail != null && detail.length() > 100) detail = detail.substring(0, 97) + "...";
            System.out.printf(Locale.ROOT, "%-40s %-8s %10d %8.1f  %s%n", r.name(), r.status(), r.expansions(),
                    r.seconds(), detail == null ? "" : detail);
        }
        System.out.printf(Locale.ROOT, "proved %d of %d%s%n", proved, targets.size(),
                out != null ? "; results in " + out : "");
    }

    private void writeProofs(LeanFile lean, List<Declaration> targets, Map<String, ProofResult> results) throws IOException {
        Map<Declaration, String> proofs = new LinkedHashMap<>();
        for (Declaration d : targets) {
            ProofResult r = results.get(d.displayName());
            if (r != null && r.status().equals(ProofResult.PROVED)) proofs.put(d, ProofVerifier.placed(lean, d, r.proof()));
        }
        if (writeProofs.getParent() != null) Files.createDirectories(writeProofs.getParent());
        Files.writeString(writeProofs, lean.withProofs(proofs), StandardCharsets.UTF_8);
        System.out.println("wrote " + writeProofs + " with " + proofs.size() + " proof" + (proofs.size() == 1 ? "" : "s")
                + " in place of sorry");
    }
}
