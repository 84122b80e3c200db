package dev.leanagent.model.service;

import com.typesafe.config.ConfigFactory;
import dev.leanagent.model.Suggestion;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.generate.GenerationSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The model service as callers see it: futures in, futures out. Owns the inference thread and the
 * model; {@link #close()} stops the actor, lets the running batch finish and frees the weights.
 */
public final class ModelServer implements AutoCloseable {
    private final ActorSystem<SpawnProtocol.Command> system;
    private final boolean ownsSystem;
    private final TacticModel model;
    private final ExecutorService device;
    private final ActorRef<ModelService.Command> service;
    private final Duration timeout;

    private ModelServer(ActorSystem<SpawnProtocol.Command> system, boolean ownsSystem, TacticModel model,
                        ServiceSettings settings) {
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.model = model;
        this.timeout = settings.requestTimeout();
        this.device = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lean-agent-model-inference");
            t.setDaemon(true);
            return t;
        });
        this.service = AskPattern.<SpawnProtocol.Command, ActorRef<ModelService.Command>>ask(system,
                        r -> new SpawnProtocol.Spawn<>(ModelService.create(model, device, settings), "model-service",
                                Props.empty(), r),
                        Duration.ofSeconds(10), system.scheduler())
                .toCompletableFuture().join();
    }

    /** A service in a shared actor system (the agent's). */
    public static ModelServer start(ActorSystem<SpawnProtocol.Command> system, TacticModel model, ServiceSettings settings) {
        return new ModelServer(system, false, model, settings);
    }

    /** A service in an actor system of its own, for command-line tools. */
    public static ModelServer standalone(TacticModel model, ServiceSettings settings) {
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(
                Behaviors.setup(ctx -> SpawnProtocol.create()), "lean-agent-model", ConfigFactory.load());
        return new ModelServer(system, true, model, settings);
    }

    public TacticModel model() {
        return model;
    }

    public CompletionStage<ModelService.Reply> suggest(String state, GenerationSettings settings) {
        return AskPattern.ask(service, r -> new ModelService.Suggest(state, settings, r), timeout, system.scheduler());
    }

    public CompletionStage<ModelService.Reply> score(String state, List<String> tactics) {
        return AskPattern.ask(service, r -> new ModelService.Score(state, tactics, r), timeout, system.scheduler());
    }

    public ServiceStats stats() {
        return AskPattern.<ModelService.Command, ServiceStats>ask(service, ModelService.GetStats::new,
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().join();
    }

    @Override
    public void close() {
        service.tell(ModelService.Stop.INSTANCE);
        device.shutdown();
        try {
            device.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsSystem) {
            system.terminate();
        }
        model.close();
    }

    /** Suggestions or the service's error as an exception, for callers that block. */
    public static List<Suggestion> orThrow(ModelService.Reply reply) {
        if (!reply.ok()) {
            throw new IllegalStateException(reply.error());
        }
        return reply.suggestions();
    }
}
