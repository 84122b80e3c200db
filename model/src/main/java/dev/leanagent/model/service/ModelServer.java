package dev.leanagent.model.service;

import dev.leanagent.model.Suggestion;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.generate.GenerationSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The model service as callers see it: futures in, futures out. Owns the inference thread and the
 * model; {@link #close()} stops the actor, lets the running batch finish and frees the weights.
 */
public final class ModelServer implements AutoCloseable {
    private final Scheduler scheduler;
    private final TacticModel model;
    private final ExecutorService device;
    private final ActorRef<ModelService.Command> service;
    private final Duration timeout;

    private ModelServer(Function<Behavior<ModelService.Command>, ActorRef<ModelService.Command>> spawn,
                        Scheduler scheduler, TacticModel model, ServiceSettings settings) {
        this.scheduler = scheduler;
        this.model = model;
        this.timeout = settings.requestTimeout();
        this.device = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lean-agent-model-inference");
            t.setDaemon(true);
            return t;
        });
        this.service = spawn.apply(ModelService.create(model, device, settings));
    }

    /**
     * Starts the service. It makes no actor system of its own: {@code spawn} makes the service's
     * actor a child of the caller's guardian (the agent's, so the model service lives beside the
     * Lean pools and the searches); {@code scheduler} is that system's, for the asks.
     */
    public static ModelServer start(Function<Behavior<ModelService.Command>, ActorRef<ModelService.Command>> spawn,
                                    Scheduler scheduler, TacticModel model, ServiceSettings settings) {
        return new ModelServer(spawn, scheduler, model, settings);
    }

    public TacticModel model() {
        return model;
    }

    public CompletionStage<ModelService.Reply> suggest(String state, GenerationSettings settings) {
        return AskPattern.ask(service, r -> new ModelService.Suggest(state, settings, r), timeout, scheduler);
    }

    public CompletionStage<ModelService.Reply> score(String state, List<String> tactics) {
        return AskPattern.ask(service, r -> new ModelService.Score(state, tactics, r), timeout, scheduler);
    }

    public ServiceStats stats() {
        return statsAsync().toCompletableFuture().join();
    }

    /** {@link #stats()} for callers that must not block (a metrics scrape). */
    public CompletionStage<ServiceStats> statsAsync() {
        return AskPattern.ask(service, ModelService.GetStats::new, Duration.ofSeconds(10), scheduler);
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
