package dev.leanagent.agent.prove;

import dev.leanagent.search.ProofResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import dev.leanagent.search.SearchOutcome;
import dev.leanagent.search.SearchStatus;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs K searches at a time over one shared pool and generator, each with up to
 * {@code parallelTactics} tactics in flight (so at most K x parallelTactics requests on the pool),
 * starting the next theorem as soon as one has its result. Each result goes to {@code onResult}
 * the moment it is known (the results file is appended there), and {@code done} completes when
 * every theorem has one. A search's actor may outlive its result briefly, to release the states
 * of replies still in flight; it no longer counts against K.
 */
public final class ProveCoordinator extends AbstractBehavior<ProveCoordinator.Command> {

    public sealed interface Command {
    }

    record Finished(ActorRef<SearchActor.Command> search, ProofResult result) implements Command {
    }

    /** Cancels every running search; their results still arrive (as errors). */
    public record CancelAll(String reason) implements Command {
    }

    public static Behavior<Command> create(List<TheoremTask> tasks, int concurrency, int parallelTactics, SearchRun run,
                                           Executor blocking, Consumer<ProofResult> onResult,
                                           CompletableFuture<Void> done) {
        return Behaviors.setup(ctx -> new ProveCoordinator(ctx, tasks, concurrency, parallelTactics, run, blocking,
                onResult, done));
    }

    private final ArrayDeque<TheoremTask> waiting;
    private final int concurrency;
    private final int parallelTactics;
    private final SearchRun run;
    private final Executor blocking;
    private final Consumer<ProofResult> onResult;
    private final CompletableFuture<Void> done;
    /** Searches without a result yet, and their theorems. */
    private final Map<ActorRef<SearchActor.Command>, TheoremTask> running = new HashMap<>();
    private int started;

    private ProveCoordinator(ActorContext<Command> ctx, List<TheoremTask> tasks, int concurrency, int parallelTactics,
                             SearchRun run, Executor blocking, Consumer<ProofResult> onResult,
                             CompletableFuture<Void> done) {
        super(ctx);
        this.waiting = new ArrayDeque<>(tasks);
        this.concurrency = Math.max(1, concurrency);
        this.parallelTactics = Math.max(1, parallelTactics);
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
                    SearchActor.forTheorem(t, run, parallelTactics, getContext().getSelf(), blocking),
                    "search-" + (++started));
            running.put(ref, t);
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
                    TheoremTask lost = running.remove(t.getRef());
                    // A search that stopped without a result failed in our code: the theorem still gets a line.
                    if (lost != null) report(run.result(lost, new SearchOutcome(SearchStatus.ERROR, List.of(),
                            "the search stopped without a result (see the log)", 0, 0, 0, 0, 0), false, null));
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
        if (running.remove(f.search()) == null) return this;
        report(f.result());
        fill();
        return this;
    }

    private void report(ProofResult r) {
        try {
            onResult.accept(r);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private Behavior<Command> onCancel(CancelAll c) {
        waiting.clear();
        running.keySet().forEach(r -> r.tell(new SearchActor.Cancel(c.reason())));
        return this;
    }
}
