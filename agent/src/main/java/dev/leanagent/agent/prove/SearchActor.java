package dev.leanagent.agent.prove;

import dev.leanagent.search.Candidate;
import dev.leanagent.search.ProofEnvironment;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchListener;
import dev.leanagent.search.SearchOutcome;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.SearchStatus;
import dev.leanagent.search.SearchTree;
import dev.leanagent.search.TacticGenerator;
import dev.leanagent.search.TacticResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One theorem's search as an actor: a thin shell around {@link SearchTree}, which owns the tree
 * and takes every decision. The actor sends the tree's requests to the proof environment and the
 * generator, turns each reply into a message (so replies are handled one at a time, in whatever
 * order they come), and never blocks.
 *
 * <p>Its wall-clock limit is a timer: when it fires the search ends at once, whatever is in flight.
 * Every request carries the same deadline ({@link ProofEnvironment#withDeadline}), so the pool
 * does not start work the search no longer waits for. The outcome is reported as soon as it is
 * known; the actor then stays only until its last replies are in, releasing the states they
 * bring, and stops.
 */
final class SearchActor extends AbstractBehavior<SearchActor.Command> {

    sealed interface Command {
    }

    /** Stop the search now with an error (a run shutting down). */
    record Cancel(String reason) implements Command {
    }

    private record Replied(SearchTree.Request request, Object value, Throwable failure) implements Command {
    }

    private enum TimeUp implements Command { INSTANCE }

    private record Reported(Throwable failure) implements Command {
    }

    /**
     * A search of {@code env} that hands its outcome to {@code report} once; the stage {@code report}
     * returns says when reporting is over (the actor lives until then).
     */
    static Behavior<Command> create(ProofEnvironment env, TacticGenerator generator, SearchSettings settings,
                                    int parallelTactics, Function<SearchOutcome, CompletionStage<?>> report) {
        return create(env, generator, settings, parallelTactics, SearchListener.NONE, report);
    }

    /** As above, with {@code trace} watching the tree grow. */
    static Behavior<Command> create(ProofEnvironment env, TacticGenerator generator, SearchSettings settings,
                                    int parallelTactics, SearchListener trace,
                                    Function<SearchOutcome, CompletionStage<?>> report) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new SearchActor(ctx, timers, env, generator, settings, parallelTactics, trace, report)));
    }

    /** A theorem's search; a found proof is checked (on {@code blocking}) before the result goes to the parent. */
    static Behavior<Command> forTheorem(TheoremTask task, SearchRun run, int parallelTactics,
                                        ActorRef<ProveCoordinator.Command> parent, Executor blocking) {
        TacticGenerator generator = run.generator().forAttempt(task.attempt()).withLemmas(task.earlierLemmas());
        return Behaviors.setup(ctx -> {
            ActorRef<Command> self = ctx.getSelf();
            return create(task.environment(), generator, run.search(), parallelTactics,
                    trace(task, run, generator, parallelTactics), outcome ->
                    CompletableFuture.supplyAsync(() -> checked(task, run, outcome), blocking)
                            .thenAccept(r -> parent.tell(new ProveCoordinator.Finished(self, r))));
        });
    }

    /** A theorem's search as {@link #forTheorem}, its checked result handed to {@code onResult} (on {@code blocking}). */
    static Behavior<Command> forTheorem(TheoremTask task, SearchRun run, int parallelTactics, Executor blocking,
                                        java.util.function.Consumer<ProofResult> onResult) {
        TacticGenerator generator = run.generator().forAttempt(task.attempt()).withLemmas(task.earlierLemmas());
        return create(task.environment(), generator, run.search(), parallelTactics,
                trace(task, run, generator, parallelTactics), outcome ->
                CompletableFuture.supplyAsync(() -> checked(task, run, outcome), blocking).thenAccept(onResult));
    }

    /** The search's trace when the run writes traces, and the run's own watcher of it if it has one. */
    private static SearchListener trace(TheoremTask task, SearchRun run, TacticGenerator generator, int parallelTactics) {
        SearchListener watcher = run.watchers() == null ? SearchListener.NONE : run.watchers().apply(task);
        return SearchListener.both(traceFile(task, run, generator, parallelTactics), watcher);
    }

    /** The search's trace when the run writes traces; {@code file} as the result line has it. */
    private static SearchListener traceFile(TheoremTask task, SearchRun run, TacticGenerator generator,
                                            int parallelTactics) {
        if (run.traces() == null) return SearchListener.NONE;
        return run.traces().open(String.valueOf(task.file().path()), task.name(), task.attempt(), generator.name(),
                run.search(), parallelTactics);
    }

    private static ProofResult checked(TheoremTask task, SearchRun run, SearchOutcome o) {
        try {
            if (o.status() != SearchStatus.FOUND) return run.result(task, o, false, null);
            Optional<String> refusal = run.verifier().refusal(task.file(), task.theorem(), o.proof());
            return refusal.isEmpty() ? run.result(task, o, true, null) : run.result(task, o, false, refusal.get());
        } catch (RuntimeException e) {
            return run.result(task, new SearchOutcome(SearchStatus.ERROR, List.of(), "the check failed: " + e,
                    o.expansions(), o.nodes(), o.seconds(), o.modelSeconds(), o.leanSeconds()), false, null);
        }
    }

    private final ProofEnvironment env;
    private final TacticGenerator generator;
    private final TimerScheduler<Command> timers;
    private final Function<SearchOutcome, CompletionStage<?>> report;
    private final SearchTree tree;
    private boolean reporting;
    private boolean reported;

    private SearchActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, ProofEnvironment env,
                        TacticGenerator generator, SearchSettings settings, int parallelTactics, SearchListener trace,
                        Function<SearchOutcome, CompletionStage<?>> report) {
        super(ctx);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        this.env = env.withDeadline(deadline);
        this.generator = generator;
        this.timers = timers;
        this.report = report;
        this.tree = new SearchTree(settings, parallelTactics, generator.name(), System::nanoTime, trace);
        timers.startSingleTimer(TimeUp.INSTANCE, settings.timeout());
        pump();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Replied.class, this::onReplied)
                .onMessageEquals(TimeUp.INSTANCE, () -> {
                    tree.timeUp();
                    return pump();
                })
                .onMessage(Cancel.class, c -> {
                    tree.stop(SearchStatus.ERROR, c.reason());
                    return pump();
                })
                .onMessage(Reported.class, r -> {
                    if (r.failure() != null) getContext().getLog().error("reporting a search's outcome failed", r.failure());
                    reported = true;
                    return pump();
                })
                .build();
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> onReplied(Replied m) {
        if (m.failure() != null) tree.failed(m.request(), m.failure());
        else if (m.request() instanceof SearchTree.Start s) tree.started(s, (TacticResult) m.value());
        else if (m.request() instanceof SearchTree.Apply a) tree.applied(a, (TacticResult) m.value());
        else tree.suggested((SearchTree.Suggest) m.request(), (List<Candidate>) m.value());
        return pump();
    }

    /** Sends what the tree asks for, releases what it let go of, reports once, stops when nothing is owed. */
    private Behavior<Command> pump() {
        for (SearchTree.Request r : tree.next()) send(r);
        List<SearchState> done = tree.takeReleasable();
        if (!done.isEmpty()) env.release(done);
        SearchOutcome outcome = tree.outcome();
        if (outcome != null && !reporting) {
            reporting = true;
            timers.cancel(TimeUp.INSTANCE);
            getContext().pipeToSelf(call(() -> report.apply(outcome)), (v, e) -> new Reported(e));
        }
        return reported && tree.inFlight() == 0 ? Behaviors.stopped() : this;
    }

    private void send(SearchTree.Request r) {
        CompletionStage<?> reply;
        if (r instanceof SearchTree.Start) reply = call(env::start);
        else if (r instanceof SearchTree.Apply a) reply = call(() -> env.apply(a.state(), a.candidate()));
        else reply = call(() -> generator.suggest(((SearchTree.Suggest) r).state()));
        getContext().pipeToSelf(reply, (v, e) -> new Replied(r, v, e));
    }

    /** A port that throws instead of failing its stage fails the stage (the reply still comes as a message). */
    private static <T> CompletionStage<T> call(java.util.function.Supplier<CompletionStage<T>> port) {
        try {
            return port.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
