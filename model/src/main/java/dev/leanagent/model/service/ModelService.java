package dev.leanagent.model.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.leanagent.model.Suggestion;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.generate.GenerationSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The model service: one actor per device in front of one inference thread. Requests from many
 * concurrent searches queue here; while the device is busy they wait, and when it frees up the
 * queued requests that share generation settings go to it as one batch. Results are cached by
 * model, prompt template, state and settings (the seed included, so a cached answer is the answer
 * the model would give again).
 *
 * <p>Protocol: {@link Suggest} and {@link Score} are answered with a {@link Reply};
 * {@link GetStats} with {@link ServiceStats}.
 */
public final class ModelService extends AbstractBehavior<ModelService.Command> {

    public sealed interface Command permits Suggest, Score, GetStats, Stop, Flush, Finished {
    }

    /** Candidate tactics for a state. */
    public record Suggest(String state, GenerationSettings settings, ActorRef<Reply> replyTo) implements Command {
    }

    /** Log-probs of given tactics for a state. */
    public record Score(String state, List<String> tactics, ActorRef<Reply> replyTo) implements Command {
    }

    public record GetStats(ActorRef<ServiceStats> replyTo) implements Command {
    }

    /** Stops the service; queued requests are answered with an error. */
    public enum Stop implements Command { INSTANCE }

    /** The error of a request the service dropped because it was stopped: the request itself was fine. */
    public static final String STOPPED = "model service stopped";

    /** Suggestions best first, or the reason there are none. */
    public record Reply(List<Suggestion> suggestions, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private enum Flush implements Command { INSTANCE }

    private record Finished(List<Command> batch, List<List<Suggestion>> results, Throwable error, long nanos)
            implements Command {
    }

    private record CacheKey(String model, String template, String state, GenerationSettings settings) {
    }

    private final TacticModel model;
    private final ExecutorService device;
    private final ServiceSettings settings;
    private final TimerScheduler<Command> timers;
    private final Cache<CacheKey, List<Suggestion>> cache;
    private final Deque<Command> queue = new ArrayDeque<>();
    private boolean busy;
    private long requests;
    private long hits;
    private long batches;
    private long batched;
    private long failures;
    private long inferenceNanos;

    public static Behavior<Command> create(TacticModel model, ExecutorService device, ServiceSettings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ModelService(ctx, timers, model, device, settings)));
    }

    private ModelService(ActorContext<Command> context, TimerScheduler<Command> timers, TacticModel model,
                         ExecutorService device, ServiceSettings settings) {
        super(context);
        this.timers = timers;
        this.model = model;
        this.device = device;
        this.settings = settings;
        this.cache = Caffeine.newBuilder().maximumSize(settings.cacheSize()).build();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Suggest.class, this::onSuggest)
                .onMessage(Score.class, this::onScore)
                .onMessage(GetStats.class, this::onStats)
                .onMessageEquals(Flush.INSTANCE, this::onFlush)
                .onMessage(Finished.class, this::onFinished)
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .onSignal(PostStop.class, s -> this)
                .build();
    }

    private Behavior<Command> onSuggest(Suggest s) {
        requests++;
        List<Suggestion> cached = cache.getIfPresent(key(s));
        if (cached != null) {
            hits++;
            s.replyTo().tell(new Reply(cached, null));
            return this;
        }
        return enqueue(s);
    }

    private Behavior<Command> onScore(Score s) {
        requests++;
        return enqueue(s);
    }

    private Behavior<Command> enqueue(Command c) {
        queue.add(c);
        if (!busy && !timers.isTimerActive(Flush.INSTANCE)) {
            // Wait briefly for company: searches running side by side ask within milliseconds.
            timers.startSingleTimer(Flush.INSTANCE, Flush.INSTANCE, settings.maxWait());
        }
        return this;
    }

    private Behavior<Command> onFlush() {
        if (!busy) {
            dispatch();
        }
        return this;
    }

    private Behavior<Command> onStop() {
        for (Command c : queue) {
            replyTo(c).tell(new Reply(List.of(), STOPPED));
        }
        queue.clear();
        return Behaviors.stopped();
    }

    private static ActorRef<Reply> replyTo(Command c) {
        return c instanceof Suggest s ? s.replyTo() : ((Score) c).replyTo();
    }

    private Behavior<Command> onStats(GetStats g) {
        g.replyTo().tell(new ServiceStats(requests, hits, batches, batched, failures, inferenceNanos / 1e9, queue.size()));
        return this;
    }

    /** Takes the oldest request and every queued one it can share a forward pass with. */
    private void dispatch() {
        if (queue.isEmpty()) {
            return;
        }
        Command first = queue.poll();
        List<Command> batch = new ArrayList<>(List.of(first));
        if (first instanceof Suggest head) {
            GenerationSettings shape = head.settings().withSeed(0);
            long budget = settings.maxBatchTokens() - cost(head);
            for (Iterator<Command> it = queue.iterator(); it.hasNext(); ) {
                if (it.next() instanceof Suggest s && s.settings().withSeed(0).equals(shape) && cost(s) <= budget) {
                    budget -= cost(s);
                    batch.add(s);
                    it.remove();
                }
            }
        }
        busy = true;
        batches++;
        batched += batch.size();
        long start = System.nanoTime();
        CompletableFuture<List<List<Suggestion>>> work = CompletableFuture.supplyAsync(() -> run(batch), device);
        getContext().pipeToSelf(work, (results, error) -> new Finished(batch, results, error, System.nanoTime() - start));
    }

    /** Runs on the inference thread. */
    private List<List<Suggestion>> run(List<Command> batch) {
        if (batch.get(0) instanceof Score s) {
            return List.of(model.score(s.state(), s.tactics()));
        }
        List<Suggest> suggests = batch.stream().map(c -> (Suggest) c).toList();
        long[] seeds = suggests.stream().mapToLong(s -> s.settings().seed()).toArray();
        return model.suggest(suggests.stream().map(Suggest::state).toList(), suggests.get(0).settings(), seeds);
    }

    private Behavior<Command> onFinished(Finished f) {
        busy = false;
        inferenceNanos += f.nanos();
        for (int i = 0; i < f.batch().size(); i++) {
            Command c = f.batch().get(i);
            ActorRef<Reply> replyTo = replyTo(c);
            if (f.error() != null) {
                failures++;
                Throwable cause = f.error().getCause() != null ? f.error().getCause() : f.error();
                replyTo.tell(new Reply(List.of(), "model failed: " + cause));
                continue;
            }
            List<Suggestion> result = List.copyOf(f.results().get(i));
            if (c instanceof Suggest s) {
                cache.put(key(s), result);
            }
            replyTo.tell(new Reply(result, null));
        }
        dispatch();
        return this;
    }

    private CacheKey key(Suggest s) {
        return new CacheKey(model.id(), model.templateName(), s.state(), s.settings());
    }

    /** Tokens a request occupies in a batch, estimated from the state's length (no tokenizing here). */
    private static long cost(Suggest s) {
        return (long) s.settings().candidates() * (s.state().length() + 64L + s.settings().maxTokens());
    }
}
