package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.cluster.ClusterSettings;
import dev.leanagent.agent.cluster.LeanWorker;
import dev.leanagent.agent.cluster.Protocol;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.runtime.Cancellation;
import dev.leanagent.agent.runtime.Interruption;
import dev.leanagent.bridge.pool.PoolSettings;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Join a cluster of machines as a worker node (README, 'Several machines').",
                "A lean node runs Lean pools and searches the theorem attempts it pulls from a run's coordinator "
                        + "(`prove --cluster`, `bench minif2f --cluster`), as many at once as --concurrency. It runs until SIGINT/SIGTERM "
                        + "(then it leaves the cluster) or until the cluster removes it.",
                "Exit status 0 after a signal; 1 when the cluster removed this node; 2 for a usage or set-up error."})
public final class NodeCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--role", paramLabel = "ROLE", description = "lean (default): Lean pools and searches; model "
            + "and all: not done yet (see README).")
    String role = "lean";

    @Option(names = "--seed", paramLabel = "HOST:PORT", required = true, description = "A member to join through; "
            + "the first node gives its own address.")
    String seed;

    @Option(names = "--host", paramLabel = "HOST", description = "The address to bind to and be reached at "
            + "(default 127.0.0.1; on several machines, this machine's address on the cluster's network).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Its port (default 2552).")
    int port = 2552;

    @Option(names = "--concurrency", paramLabel = "K", description = "Attempts searched at once on this node "
            + "(default: search.concurrency, twice the Lean workers).")
    Integer concurrency;

    @Option(names = "--minif2f", paramLabel = "DIR", description = "A miniF2F workspace made by `bench minif2f setup` "
            + "on this machine, for `bench minif2f --cluster` runs: its Lean and its Lean path (mathlib) are used.")
    java.nio.file.Path minif2f;

    @Mixin
    PoolOptions pool;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        if (!role.equals("lean")) {
            throw new UsageException("--role " + role + ": only lean nodes exist so far (model nodes are not done; "
                    + "see README, 'Several machines')");
        }
        if (minif2f != null && MiniF2FCommand.useWorkspace(minif2f, global).isEmpty()) {
            throw new UsageException("--minif2f " + minif2f + ": no workspace made by `bench minif2f setup` there; for a "
                    + "workspace prepared by hand give its directories with --lean-path, as to bench minif2f");
        }
        Config config = global.config();
        ClusterSettings cluster = ClusterSettings.from(config);
        ClusterSettings.HostPort self = new ClusterSettings.HostPort(host, port);
        Config member = cluster.memberConfig(self, ClusterSettings.HostPort.parse(seed), List.of(role), config);
        SearchConfig searchConfig = SearchConfig.from(config);
        PoolSettings poolSettings = pool.settings(config);
        int slots = new SearchOptions().concurrency(searchConfig, poolSettings);
        if (concurrency != null) {
            if (concurrency < 1) throw new UsageException("--concurrency must be at least 1, not " + concurrency);
            slots = concurrency;
        }
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        ProofVerifier verifier = new ProofVerifier(env.checker());
        CompletableFuture<Cancellation> signalled = new CompletableFuture<>();
        ExecutorService blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lean-agent-node");
            t.setDaemon(true);
            return t;
        });
        boolean removed;
        try (AgentSystem agent = env.agent(poolSettings, member);
             Interruption signals = Interruption.onSignals(signalled::complete)) {
            agent.spawn(LeanWorker.create(agent, slots, (spec, mathlib) -> run(spec, mathlib, verifier, poolSettings),
                    new FailureCache(searchConfig.failureCacheSize()), blocking, System.err), "lean-worker");
            int k = slots;
            Cluster.get(Adapter.toClassic(agent.system())).registerOnMemberUp(() -> System.err.println(
                    "lean-agent: node " + self + " is up (role " + role + ", " + k + " attempts at once)"));
            CompletableFuture<Object> ended = CompletableFuture.anyOf(signalled,
                    agent.system().getWhenTerminated().toCompletableFuture());
            Object why = ended.get();
            removed = !(why instanceof Cancellation);
            System.err.println(removed ? "lean-agent: node " + self + " was removed from the cluster; stopping"
                    : "lean-agent: node " + self + " leaving the cluster");
        } finally {
            blocking.shutdownNow();
        }
        return removed ? 1 : 0;
    }

    /** A coordinator's run on this node: its generator and budgets, this node's checker and pool limits. */
    private static SearchRun run(Protocol.RunSpec spec, boolean mathlib, ProofVerifier verifier, PoolSettings pool) {
        if (!spec.generator().equals("automation")) {
            throw new UsageException("generator " + spec.generator() + " is not served by lean nodes yet");
        }
        AutomationGenerator automation = spec.automationTactics() == null ? AutomationGenerator.load(null, mathlib)
                : AutomationGenerator.parse(spec.automationTactics(), "(sent by the coordinator)", mathlib);
        return SearchOptions.automationRun(automation, spec.search(), verifier, SearchOptions.budgets(spec.search(), pool));
    }
}
