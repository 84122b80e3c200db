package dev.leanagent.agent.cluster;

import dev.leanagent.agent.UsageException;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A run's coordinator in a cluster: registered with the receptionist so that {@code lean} nodes
 * find it, it hands each attempt to a node that pulled for it, watches the nodes it gave work to,
 * puts a lost node's unfinished attempts back in the queue, and hands each attempt's first result
 * to {@code onResult} with the node that ran it (which appends the results file: this actor is its
 * only writer). {@code
 * done} completes when every attempt has a result, or after a cancellation once the running ones
 * reported; it fails when no node asked for work within {@code workerWait}.
 */
public final class AttemptCoordinator extends AbstractBehavior<AttemptCoordinator.Command> {

    public interface Command {
    }

    /** One attempt of a run: the file as read, the theorem's display name, which attempt. */
    public record Item(String path, String text, String theorem, int attempt) {
    }

    /** Hands out nothing more and asks the nodes to stop the running attempts (which report as cancelled). */
    public record CancelAll(String reason) implements Command {
    }

    private enum NoWorkers implements Command { INSTANCE }

    public static Behavior<Command> create(List<Item> items, Protocol.RunSpec spec, Duration workerWait,
                                           BiConsumer<String, ProofResult> onResult, PrintStream log, CompletableFuture<Void> done) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new AttemptCoordinator(ctx, timers, items, spec, workerWait, onResult, log, done)));
    }

    private final List<Item> items;
    private final Protocol.RunSpec spec;
    private final Duration workerWait;
    private final BiConsumer<String, ProofResult> onResult;
    private final PrintStream log;
    private final CompletableFuture<Void> done;
    private final AttemptBook<ActorRef<Protocol.ToWorker>> book;
    private boolean anyWorker;
    private String cancelled;

    private AttemptCoordinator(ActorContext<Command> ctx, TimerScheduler<Command> timers, List<Item> items,
                               Protocol.RunSpec spec, Duration workerWait, BiConsumer<String, ProofResult> onResult,
                               PrintStream log, CompletableFuture<Void> done) {
        super(ctx);
        this.items = List.copyOf(items);
        this.spec = spec;
        this.workerWait = workerWait;
        this.onResult = onResult;
        this.log = log;
        this.done = done;
        this.book = new AttemptBook<>(items.size());
        ctx.getSystem().receptionist().tell(Receptionist.register(Protocol.COORDINATORS, ctx.getSelf().narrow()));
        timers.startSingleTimer(NoWorkers.INSTANCE, workerWait);
        if (items.isEmpty()) done.complete(null);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Protocol.Pull.class, this::onPull)
                .onMessage(Protocol.Done.class, this::onDone)
                .onMessage(CancelAll.class, this::onCancel)
                .onMessageEquals(NoWorkers.INSTANCE, this::onNoWorkers)
                .onSignal(Terminated.class, this::onLost)
                .build();
    }

    private Behavior<Command> onPull(Protocol.Pull p) {
        if (p.version() != Protocol.VERSION) {
            p.worker().tell(new Protocol.Refused("the coordinator speaks cluster protocol " + Protocol.VERSION
                    + ", the node " + p.version() + " (run the same lean-agent version everywhere)"));
            return this;
        }
        if (!book.knows(p.worker())) getContext().watch(p.worker());
        anyWorker = true;
        book.pulled(p.worker(), p.slots());
        return handOut();
    }

    private Behavior<Command> handOut() {
        if (cancelled != null) book.stopHandingOut();
        for (AttemptBook.Assignment<ActorRef<Protocol.ToWorker>> a : book.assign()) {
            Item item = items.get((int) a.id());
            a.worker().tell(new Protocol.Attempt(Protocol.VERSION, a.id(), getContext().getSelf().narrow(), item.path(),
                    item.text(), item.theorem(), item.attempt(), spec));
            log.println("lean-agent: cluster: " + item.theorem() + " (attempt " + item.attempt() + ") -> "
                    + node(a.worker()));
        }
        return finishedOrRunning();
    }

    private Behavior<Command> onDone(Protocol.Done d) {
        if (!book.finish(d.id())) {
            log.println("lean-agent: cluster: a second result for attempt " + d.id() + " from " + node(d.worker())
                    + " dropped (the first one is written)");
            return finishedOrRunning();
        }
        try {
            onResult.accept(node(d.worker()), ProofResults.json().readValue(d.resultLine(), ProofResult.class));
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
            return Behaviors.stopped();
        }
        return finishedOrRunning();
    }

    private Behavior<Command> onLost(Terminated t) {
        @SuppressWarnings("unchecked")
        ActorRef<Protocol.ToWorker> worker = (ActorRef<Protocol.ToWorker>) (ActorRef<?>) t.getRef();
        List<Long> back = book.lost(worker);
        if (!back.isEmpty()) {
            log.println("lean-agent: cluster: node " + node(worker) + " lost; back in the queue: "
                    + back.stream().map(id -> items.get(id.intValue()).theorem()).toList());
        }
        return handOut();
    }

    private Behavior<Command> onCancel(CancelAll c) {
        if (cancelled != null) return this;
        cancelled = c.reason();
        book.stopHandingOut();
        // Only the nodes this run gave work to hear of it; each stops its searches, which report.
        workersWithWork().forEach(w -> w.tell(new Protocol.Withdraw(getContext().getSelf().narrow(), c.reason())));
        return finishedOrRunning();
    }

    private java.util.Set<ActorRef<Protocol.ToWorker>> workersWithWork() {
        return book.runningWorkers();
    }

    private Behavior<Command> onNoWorkers() {
        if (anyWorker) return this;
        done.completeExceptionally(new UsageException("no lean node asked for work within " + workerWait.toSeconds()
                + " s (start `lean-agent node --role lean --seed ...` on the machines; cluster.worker-wait sets how long to wait)"));
        return Behaviors.stopped();
    }

    private Behavior<Command> finishedOrRunning() {
        if (book.complete() || (cancelled != null && book.idle())) {
            done.complete(null);
            return Behaviors.stopped();
        }
        return this;
    }

    private static String node(ActorRef<?> worker) {
        return worker.path().address().toString();
    }
}
