package dev.leanagent.agent.runtime;

import com.typesafe.config.Config;
import dev.leanagent.bridge.pool.LeanPools;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.pool.ReplLauncher;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.service.ModelServer;
import dev.leanagent.model.service.ServiceSettings;
import dev.leanagent.model.service.ServiceStats;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one actor system of a run, and what its guardian owns: the Lean pools (one per import set,
 * made on first use), the model service when a model is used, and the searches. {@code prove},
 * {@code bench} and the tools start one, spawn their searches in it ({@link #spawnSearches}), and
 * close it at the end; a server would keep one for its lifetime.
 *
 * <p>{@link #cancel} stops every running search (each reports, with the cancellation's reason)
 * and remembers why, so that the code driving the run ends it with {@link RunCancelledException};
 * {@link #close} then kills the Lean processes (their work directories go with them), frees the
 * model and terminates the system.
 */
public final class AgentSystem implements AutoCloseable {

    public static final String NAME = "lean-agent";
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<Guardian.Command> system;
    private final LeanPools pools;
    private final List<ModelServer> models = new CopyOnWriteArrayList<>();
    private volatile Cancellation cancellation;

    private AgentSystem(Config config, PoolSettings pool, Function<List<String>, ReplLauncher> launchers) {
        this.system = ActorSystem.create(Guardian.create(), NAME, config);
        this.pools = new LeanPools(this::spawn, system.scheduler(), pool, launchers);
    }

    /**
     * @param config    the run's settings (Pekko's own under {@code pekko}, the pools' dispatcher)
     * @param launchers how a Lean process is started for an import set
     */
    public static AgentSystem start(Config config, PoolSettings pool, Function<List<String>, ReplLauncher> launchers) {
        return new AgentSystem(config, pool, launchers);
    }

    /**
     * A system whose pools must stay empty (a cluster's coordinator, a model node): a Lean process
     * asked of it fails saying that {@code who} runs no Lean.
     */
    public static AgentSystem withoutLean(Config config, PoolSettings pool, String who) {
        return new AgentSystem(config, pool, imports -> () -> {
            throw new IllegalStateException(who + " runs no Lean");
        });
    }

    public LeanPools pools() {
        return pools;
    }

    /** The model service for {@code model}, a child of the guardian; closed (the weights freed) with the system. */
    public ModelServer startModel(TacticModel model, ServiceSettings settings) {
        ModelServer server = ModelServer.start(b -> spawn(b, "model-service-" + (models.size() + 1)),
                system.scheduler(), model, settings);
        models.add(server);
        return server;
    }

    /** The counters of each model service this system runs (none without a model), for metrics. */
    public CompletionStage<List<ServiceStats>> modelStats() {
        List<java.util.concurrent.CompletableFuture<ServiceStats>> all = models.stream()
                .map(m -> m.statsAsync().toCompletableFuture()).toList();
        return java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(java.util.concurrent.CompletableFuture::join).toList());
    }

    /** A long-lived child of the guardian, for callers outside actors. */
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        return await(AskPattern.ask(system, r -> new Guardian.Spawn<>(behavior, name, r), SPAWN_TIMEOUT,
                system.scheduler()), name);
    }

    /**
     * Searches (a run's coordinator, say) as a child of the guardian: {@link #cancel} sends them
     * {@code cancel.apply(reason)}, and if the run was cancelled already they get it at once.
     */
    public <T> ActorRef<T> spawnSearches(Behavior<T> behavior, String name, Function<String, T> cancel) {
        return await(spawnSearchesAsync(behavior, name, cancel), name);
    }

    /** {@link #spawnSearches} for callers that must not block (the HTTP server's request handlers). */
    public <T> CompletionStage<ActorRef<T>> spawnSearchesAsync(Behavior<T> behavior, String name,
                                                              Function<String, T> cancel) {
        return AskPattern.ask(system, r -> new Guardian.SpawnSearches<>(behavior, name, cancel, r), SPAWN_TIMEOUT,
                system.scheduler());
    }

    /** Stops every running search (each still reports its result, with {@code why}'s reason); the first call counts. */
    public void cancel(Cancellation why) {
        synchronized (this) {
            if (cancellation != null) return;
            cancellation = why;
        }
        system.tell(new Guardian.CancelSearches(why.reason()));
    }

    public Optional<Cancellation> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /** Throws {@link RunCancelledException} once the run was cancelled: where a run must not go on. */
    public void throwIfCancelled() {
        Cancellation c = cancellation;
        if (c != null) throw new RunCancelledException(c);
    }

    /** The actor system itself (for Pekko HTTP and other extensions that need one). */
    public ActorSystem<?> system() {
        return system;
    }

    /**
     * Kills every Lean process, stops the model services, then runs Pekko's coordinated shutdown
     * (a cluster member leaves first) and waits for its phases, the system's termination the last
     * (Pekko gives that one 10 s; a system still stopping after it holds no Lean and no model).
     */
    @Override
    public void close() {
        pools.close();
        for (ModelServer m : models) m.close();
        models.clear();
        // Waits for Pekko's coordinated shutdown to run its phases rather than for the system to be
        // terminated: on a cluster member over TLS, Artery's remoting streams can stall the final
        // termination for good (apache/pekko#3247, bounded only in later Pekko versions) although
        // every phase, leaving the cluster included, is done; its last phase gives up after 10 s.
        try {
            CoordinatedShutdown.get(Adapter.toClassic(system)).run(CoordinatedShutdown.actorSystemTerminateReason(), java.util.Optional.empty())
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the processes are dead already; a slow actor shutdown loses nothing
        }
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> reply, String name) {
        try {
            return reply.toCompletableFuture().get(SPAWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not start " + name + ": " + e, e);
        }
    }
}
