package dev.leanagent.agent.prove;

import dev.leanagent.search.ProofResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs K searches at a time over one shared pool and generator, starting the next theorem as soon
 * as one finishes. Each result goes to {@code onResult} the moment it is known (the results file
 * is appended there), and {@code done} completes when every theorem has one.
 */
public final class ProveCoordinator extends AbstractBehavior<ProveCoordinator.Command> {

    public sealed interface Command {
    }

    record Finished(ProofResult result) implements Command {
    }

    /** Cancels every running search; their results still arrive (as errors). */
    public record CancelAll(String reason) implements Command {
    }

    public static Behavior<Command> create(List<TheoremTask> tasks, int concurrency, SearchRun run, Executor blocking,
                                           Consumer<ProofResult> onResult, CompletableFuture<Void> done) {
        return Behaviors.setup(ctx -> new ProveCoordinator(ctx, tasks, concurrency, run, blocking, onResult, done));
    }

    private final ArrayDeque<TheoremTask> waiting;
    private final int concurrency;
    private final SearchRun run;
    private final Executor blocking;
    private final Consumer<ProofResult> onResult;
    private final CompletableFuture<Void> done;
    private final Set<ActorRef<SearchActor.Command>> running = new HashSet<>();
    private int started;

    private ProveCoordinator(ActorContext<Command> ctx, List<TheoremTask> tasks, int concurrency, SearchRun run,
                             Executor blocking, Consumer<ProofResult> onResult, CompletableFuture<Void> done) {
        super(ctx);
        this.waiting = new ArrayDeque<>(tasks);
        this.concurrency = Math.max(1, concurrency);
        this.run = run;
        this.blocking = blocking;
        this.onResult = onResult;
        this.done = done;
        fill();
    }

    private void fill() {
        while (running.size() < concurrency && !waiting.isEmpty()) {
            TheoremTask t = waiting.poll();
            ActorRef<SearchActor.Command> ref = getContext().spawn(
                    SearchActor.create(t, run, getContext().getSelf(), blocking), "search-" + (++started));
            running.add(ref);
            getContext().watch(ref);
        }
        if (running.isEmpty() && waiting.isEmpty()) done.complete(null);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Finished.class, this::onFinished)
                .onMessage(CancelAll.class, this::onCancel)
                .onSignal(org.apache.pekko.actor.typed.Terminated.class, t -> {
                    running.remove(t.getRef());
                    fill();
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    done.complete(null);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onFinished(Finished f) {
        try {
            onResult.accept(f.result());
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return this;
    }

    private Behavior<Command> onCancel(CancelAll c) {
        waiting.clear();
        running.forEach(r -> r.tell(new SearchActor.Cancel(c.reason())));
        return this;
    }
}
