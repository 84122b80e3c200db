package dev.leanagent.agent.cli;

import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.TacticCosts;
import dev.leanagent.agent.prove.Progress;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.minif2f.run.Attempt;
import dev.leanagent.minif2f.run.TheoremProver;
import dev.leanagent.search.ProofResult;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The miniF2F harness's prover: the agent's searches over the split file's Lean pool, each found
 * proof checked by a fresh Lean before it counts (see {@link ProofRun}).
 */
final class MiniF2FProver implements TheoremProver {

    private final AgentSystem agent;
    private final LeanFile file;
    private final SearchRun run;
    private final int concurrency;
    private final long failureCacheSize;
    private final Map<String, String> settings;
    private final TacticCosts costs = new TacticCosts();

    /** @param settings how the searches run, for run.json */
    MiniF2FProver(AgentSystem agent, LeanFile file, SearchRun run, int concurrency, long failureCacheSize,
                  Map<String, String> settings) {
        this.agent = agent;
        this.file = file;
        this.run = run;
        this.concurrency = concurrency;
        this.failureCacheSize = failureCacheSize;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    @Override
    public Optional<String> warmUp() throws Exception {
        return ProofRun.awaitWorkers(agent.pools().pool(file.imports()), agent);
    }

    @Override
    public void prove(List<Attempt> attempts, Consumer<ProofResult> onResult) throws Exception {
        List<ProofRun.Target> targets = attempts.stream().map(a -> new ProofRun.Target(a.theorem(), a.number())).toList();
        ProofRun.search(agent, file, targets, run, concurrency, new FailureCache(failureCacheSize), costs, onResult,
                new Progress(System.err, targets.size(), System.console() != null));
    }

    /** What the Lean pool did in this invocation: how many workers and why, and its faults, so a reader can trust the figures. */
    @Override
    public Map<String, String> account() throws Exception {
        PoolStats p = agent.pools().pool(file.imports()).stats().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("workers", p.sizing());
        m.put("lean requests", String.format(java.util.Locale.ROOT, "%d answered (%d failed, %d stopped by their tactic "
                        + "limit); %d hung, %d crashes, %d restarts, %d recycles, %d steps replayed, %d replays failed, "
                        + "%d refused; a worker's time per request p50 %.0f ms, p99 %.0f ms", p.answered(), p.failures(),
                p.leanTimeouts(), p.hung(), p.crashes(), p.restarts(), p.recycles(), p.replayedSteps(),
                p.replayFailures(), p.rejected(), p.service().p50(), p.service().p99()));
        costs.table().forEach((tactic, cost) -> m.put("tactic " + tactic, cost));
        return m;
    }
}
