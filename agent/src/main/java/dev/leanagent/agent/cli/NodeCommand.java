package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.cluster.ClusterSettings;
import dev.leanagent.agent.ModelServiceConfig;
import dev.leanagent.agent.cluster.LeanWorker;
import dev.leanagent.agent.cluster.ModelClient;
import dev.leanagent.agent.cluster.ModelGateway;
import dev.leanagent.agent.cluster.Protocol;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.ModelGenerator;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.runtime.Cancellation;
import dev.leanagent.agent.runtime.Interruption;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.service.ServiceSettings;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.TacticGenerator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import dev.leanagent.model.service.ModelServer;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Join a cluster of machines as a worker node (README, 'Several machines').",
                "A lean node runs Lean pools and searches the theorem attempts it pulls from a run's coordinator "
                        + "(`prove --cluster`, `bench minif2f --cluster`), as many at once as --concurrency. A model node loads --model and "
                        + "answers the lean nodes' model requests (one model node per GPU: --device cuda:N); all is "
                        + "both. A node runs until SIGINT/SIGTERM (then it leaves the cluster) or until the cluster "
                        + "removes it.",
                "Exit status 0 after a signal; 1 when the cluster removed this node; 2 for a usage or set-up error."})
public final class NodeCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--role", paramLabel = "ROLE", description = "lean (default): Lean pools and searches; model: "
            + "the model service (needs --model); all: both.")
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

    @ArgGroup(validate = false, order = 100, heading = "%nModel options (--role model or all):%n")
    ModelArgs model = new ModelArgs();

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        boolean lean = role.equals("lean") || role.equals("all");
        boolean serving = role.equals("model") || role.equals("all");
        if (!lean && !serving) throw new UsageException("--role must be lean, model or all, not " + role);
        if (serving && !model.given()) {
            throw new UsageException("--role " + role + " needs --model DIR: the checkpoint this node serves to the "
                    + "cluster's searches (a Hugging Face directory, e.g. internlm/internlm2-math-7b)");
        }
        if (!serving && model.given()) {
            throw new UsageException("--model is for --role model or all; a lean node asks the cluster's model nodes");
        }
        if (minif2f != null && MiniF2FCommand.useWorkspace(minif2f, global).isEmpty()) {
            throw new UsageException("--minif2f " + minif2f + ": no workspace made by `bench minif2f setup` there; for a "
                    + "workspace prepared by hand give its directories with --lean-path, as to bench minif2f");
        }
        Config config = global.config();
        ClusterSettings cluster = ClusterSettings.from(config);
        ClusterSettings.HostPort self = new ClusterSettings.HostPort(host, port);
        Config member = cluster.memberConfig(self, ClusterSettings.HostPort.parse(seed),
                role.equals("all") ? List.of("lean", "model") : List.of(role), config);
        SearchConfig searchConfig = SearchConfig.from(config);
        PoolSettings poolSettings = pool.settings(config);
        ServiceSettings service = ModelServiceConfig.from(config);
        int slots = new SearchOptions().concurrency(searchConfig, poolSettings);
        if (concurrency != null) {
            if (concurrency < 1) throw new UsageException("--concurrency must be at least 1, not " + concurrency);
            slots = concurrency;
        }
        LeanEnvironment env = lean ? LeanEnvironment.find(global.lean()) : null;
        // Loaded before joining: a checkpoint that does not load is a set-up error, not a member that serves nothing.
        TacticModel loaded = serving ? loadModel() : null;
        CompletableFuture<Cancellation> signalled = new CompletableFuture<>();
        ExecutorService blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lean-agent-node");
            t.setDaemon(true);
            return t;
        });
        boolean removed;
        boolean handedOver = false; // once the agent's system holds the model, it frees it
        try (AgentSystem agent = lean ? env.agent(poolSettings, member)
                : AgentSystem.withoutLean(member, poolSettings, "a model node");
             Interruption signals = Interruption.onSignals(signalled::complete)) {
            ActorRef<ModelGateway.Command> gateway = null;
            ActorRef<LeanWorker.Command> worker = null;
            if (serving) {
                ModelServer server = agent.startModel(loaded, service);
                handedOver = true;
                gateway = agent.spawn(ModelGateway.create(server, System.err), "model-gateway");
            }
            if (lean) {
                ProofVerifier verifier = new ProofVerifier(env.checker());
                ActorRef<ModelClient.Command> models = agent.spawn(ModelClient.create(cluster.modelWait(),
                        service.requestTimeout(), System.err), "model-client");
                worker = agent.spawn(LeanWorker.create(agent, slots, (spec, mathlib) -> run(spec, mathlib, verifier, poolSettings, models),
                        new FailureCache(searchConfig.failureCacheSize()), blocking, System.err), "lean-worker");
            }
            String what = (lean ? slots + " attempts at once" : "") + (lean && serving ? ", " : "")
                    + (serving ? "model " + loaded.id() : "");
            Cluster.get(Adapter.toClassic(agent.system())).registerOnMemberUp(() -> System.err.println(
                    "lean-agent: node " + self + " is up (role " + role + ", " + what + ")"));
            CompletableFuture<Object> ended = CompletableFuture.anyOf(signalled,
                    agent.system().getWhenTerminated().toCompletableFuture());
            Object why = ended.get();
            removed = !(why instanceof Cancellation);
            if (!removed) {
                // Before the model and Lean stop: what this node holds goes back to the cluster, not into errors.
                if (gateway != null) leave(agent, gateway, ModelGateway.Leave::new);
                if (worker != null) leave(agent, worker, LeanWorker.Leave::new);
            }
            System.err.println(removed ? "lean-agent: node " + self + " was removed from the cluster; stopping"
                    : "lean-agent: node " + self + " leaving the cluster");
        } finally {
            blocking.shutdownNow();
            if (loaded != null && !handedOver) loaded.close();
        }
        return removed ? 1 : 0;
    }

    /** Asks {@code actor} to let go of its work for the cluster, and waits a little for it to say it did. */
    private static <T> void leave(AgentSystem agent, ActorRef<T> actor,
                                  java.util.function.Function<ActorRef<org.apache.pekko.Done>, T> message) {
        try {
            AskPattern.ask(actor, message::apply, java.time.Duration.ofSeconds(10), agent.system().scheduler())
                    .toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // leaving anyway: the cluster re-queues its attempts when it sees the node gone
        }
    }

    private TacticModel loadModel() {
        TacticModel m = model.load();
        System.err.println("lean-agent: model " + m.id() + " (" + m.describe() + "), template " + m.templateName());
        return m;
    }

    /**
     * A coordinator's run on this node: its generator and budgets, this node's checker and pool
     * limits; a model run's requests go to the cluster's model nodes through {@code models}.
     */
    static SearchRun run(Protocol.RunSpec spec, boolean mathlib, ProofVerifier verifier, PoolSettings pool,
                                 ActorRef<ModelClient.Command> models) {
        ProofResult.Budgets budgets = SearchOptions.budgets(spec.search(), pool);
        Protocol.ModelSpec m = spec.model();
        switch (spec.generator()) {
            case "automation": {
                AutomationGenerator automation = spec.automationTactics() == null ? AutomationGenerator.load(null, mathlib)
                        : AutomationGenerator.parse(spec.automationTactics(), "(sent by the coordinator)", mathlib);
                return SearchOptions.automationRun(automation, spec.search(), verifier, budgets);
            }
            case "model": {
                TacticGenerator gen = ModelGenerator.shared(
                        (prompt, settings) -> ModelClient.ask(models, m.id(), m.template(), prompt, settings), m.generation(), 10_000);
                return new SearchRun(gen, spec.search(), verifier, budgets, m.id(), m.description(), m.template(),
                        m.generation().seed(), null);
            }
            case "openai": {
                TacticGenerator gen = SearchOptions.openAi(URI.create(m.endpoint()), m.id(), m.template(), m.generation());
                return new SearchRun(gen, spec.search(), verifier, budgets, m.id(), m.description(), m.template(),
                        m.generation().seed(), null);
            }
            default:
                throw new UsageException("generator " + spec.generator() + " is not known to this node's version");
        }
    }
}
