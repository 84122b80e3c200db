package dev.leanagent.agent.cluster;

import dev.leanagent.agent.prove.Progress;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.search.ProofResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A {@code prove} or {@code bench} run as a cluster's coordinator: the attempts run on the {@code lean} nodes. */
public final class ClusterRun {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private ClusterRun() {
    }

    /** The model the cluster's model nodes serve, as the first to answer names it; waits up to {@code wait} for one. */
    public static Protocol.ModelInfo discoverModel(AgentSystem agent, Duration wait) throws Exception {
        CompletableFuture<Protocol.ModelInfo> found = new CompletableFuture<>();
        agent.spawn(ModelDiscovery.create(wait, found), "model-discovery-" + RUNS.incrementAndGet());
        while (true) {
            agent.throwIfCancelled(); // Ctrl-C while no model node has joined yet
            try {
                return found.get(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still waiting
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
        }
    }

    /**
     * Hands {@code items} out to the {@code lean} nodes and returns when each has a result; each
     * result goes to {@code onResult} (the results file) and the progress line as it comes.
     *
     * @throws dev.leanagent.agent.runtime.RunCancelledException when the run was cancelled, after
     *         the running attempts reported
     */
    public static List<ProofResult> execute(AgentSystem agent, List<AttemptCoordinator.Item> items, Protocol.RunSpec spec,
                                            Duration workerWait, Consumer<ProofResult> onResult, Progress progress)
            throws Exception {
        return execute(agent, items, spec, workerWait, onResult, progress, new ConcurrentHashMap<>());
    }

    /**
     * As above, and counts in {@code perNode} the results each node (by its address) sent, so that a
     * run's account can say where its attempts ran.
     */
    public static List<ProofResult> execute(AgentSystem agent, List<AttemptCoordinator.Item> items, Protocol.RunSpec spec,
                                            Duration workerWait, Consumer<ProofResult> onResult, Progress progress,
                                            ConcurrentMap<String, Integer> perNode) throws Exception {
        List<ProofResult> results = new ArrayList<>();
        agent.throwIfCancelled();
        CompletableFuture<Void> done = new CompletableFuture<>();
        agent.spawnSearches(AttemptCoordinator.create(items, spec, workerWait, (node, r) -> {
            synchronized (results) {
                results.add(r);
            }
            perNode.merge(node, 1, Integer::sum);
            if (onResult != null) onResult.accept(r);
            progress.finished(r);
        }, System.err, done), "cluster-run-" + RUNS.incrementAndGet(), AttemptCoordinator.CancelAll::new);
        progress.started();
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        agent.throwIfCancelled();
        synchronized (results) {
            return List.copyOf(results);
        }
    }
}
