package dev.leanagent.agent.cli;

import dev.leanagent.agent.cluster.AttemptCoordinator;
import dev.leanagent.agent.cluster.ClusterRun;
import dev.leanagent.agent.cluster.Protocol;
import dev.leanagent.agent.prove.Progress;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.minif2f.run.Attempt;
import dev.leanagent.minif2f.run.TheoremProver;
import dev.leanagent.search.ProofResult;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The miniF2F harness's prover on a cluster: this process is the coordinator, the attempts are
 * searched (and their proofs checked) on the cluster's {@code lean} nodes, each result line
 * comes back as a local run would have written it and goes to the harness's results file here.
 */
final class ClusterMiniF2FProver implements TheoremProver {

    private final AgentSystem agent;
    private final LeanFile file;
    private final Protocol.RunSpec spec;
    private final Duration workerWait;
    private final Map<String, String> settings;
    private final ConcurrentMap<String, Integer> perNode = new ConcurrentHashMap<>();

    /** @param settings how the searches run, for run.json */
    ClusterMiniF2FProver(AgentSystem agent, LeanFile file, Protocol.RunSpec spec, Duration workerWait,
                         Map<String, String> settings) {
        this.agent = agent;
        this.file = file;
        this.spec = spec;
        this.workerWait = workerWait;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    /** As many as the nodes pull; the harness only prints it. */
    @Override
    public int concurrency() {
        return 0;
    }

    /** The coordinator starts no Lean; each node loads the imports before its first search (an error result when it cannot). */
    @Override
    public Optional<String> warmUp() {
        return Optional.empty();
    }

    @Override
    public void prove(List<Attempt> attempts, Consumer<ProofResult> onResult) throws Exception {
        // The path as the local run names the file (its result lines' `file`); the text is the split with every proof sorry.
        String path = String.valueOf(file.path());
        List<AttemptCoordinator.Item> items = attempts.stream()
                .map(a -> new AttemptCoordinator.Item(path, file.text(), a.name(), a.number())).toList();
        ClusterRun.execute(agent, items, spec, workerWait, onResult,
                new Progress(System.err, items.size(), System.console() != null), perNode);
    }

    /** Which nodes ran how many attempts (the Lean pools are theirs: their own logs account for them). */
    @Override
    public Map<String, String> account() {
        Map<String, String> m = new LinkedHashMap<>();
        new TreeMap<>(perNode).forEach((node, n) -> m.put("node " + node, n + " attempts"));
        return m;
    }
}
