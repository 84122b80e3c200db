package dev.leanagent.agent.cluster;

import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.prove.TheoremSearch;
import dev.leanagent.agent.prove.TheoremTask;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * A {@code lean} node's worker: finds a run's coordinator through the receptionist, pulls as many
 * attempts as it has {@code slots}, runs each as a local search over this node's Lean pools (the
 * same search, check and result line as a local run), sends the result line back and pulls one
 * more. It serves one coordinator at a time; when that coordinator leaves or is lost, its searches
 * are stopped and the worker turns to the next coordinator it knows of.
 */
public final class LeanWorker extends AbstractBehavior<LeanWorker.Command> {

    public interface Command {
    }

    /**
     * The node is leaving (SIGINT/SIGTERM): stop every search and send no result for them, so that
     * the coordinator puts them back in its queue when this node leaves, rather than writing them
     * as errors; pull nothing more. Replies with {@link org.apache.pekko.Done}.
     */
    public record Leave(ActorRef<org.apache.pekko.Done> replyTo) implements Command {
    }

    private record Coordinators(Receptionist.Listing listing) implements Command {
    }

    private record Prepared(Protocol.Attempt attempt, TheoremTask task, SearchRun run, int parallelTactics,
                            Throwable failure) implements Command {
    }

    private record Searched(ActorRef<Protocol.ToCoordinator> coordinator, long id, ProofResult result) implements Command {
    }

    /**
     * @param runs     the run a coordinator's spec means on this node (its generator, this node's checker and budgets);
     *                 the boolean says whether the file imports anything (mathlib's tactics then exist)
     * @param blocking where a file is parsed, the pool awaited and a found proof checked
     */
    public static Behavior<Command> create(AgentSystem agent, int slots, BiFunction<Protocol.RunSpec, Boolean, SearchRun> runs,
                                           FailureCache failures, Executor blocking, PrintStream log) {
        return Behaviors.setup(ctx -> new LeanWorker(ctx, agent, slots, runs, failures, blocking, log));
    }

    private final AgentSystem agent;
    private final int slots;
    private final BiFunction<Protocol.RunSpec, Boolean, SearchRun> runs;
    private final Map<Map.Entry<Protocol.RunSpec, Boolean>, SearchRun> runCache = new ConcurrentHashMap<>();
    /**
     * Per import set, the wait for its pool's first workers (a mathlib worker takes a while to
     * start): attempts prepared at the same time share one wait; a failed one is forgotten, so the
     * next attempt tries again.
     */
    private final Map<List<String>, CompletableFuture<Optional<String>>> ready = new ConcurrentHashMap<>();
    private final FailureCache failures;
    private final Executor blocking;
    private final PrintStream log;
    /** Attempts this node holds for its coordinator (preparing or searching), and the searches running. */
    private final Set<Long> held = new HashSet<>();
    private final Map<Long, ActorRef<?>> searches = new HashMap<>();
    /** The coordinator's cancellation, once it withdrew its attempts. */
    private String withdrawn;
    /**
     * Coordinators not to serve: of another protocol version, or ended (a ref never comes back, but the
     * receptionist's listing may still hold it for a while: it must not be taken up again).
     */
    private final Set<ActorRef<?>> refused = new HashSet<>();
    private Set<ActorRef<Protocol.ToCoordinator>> known = Set.of();
    private ActorRef<Protocol.ToCoordinator> coordinator;
    private int searchCount;
    private boolean leaving;

    private LeanWorker(ActorContext<Command> ctx, AgentSystem agent, int slots,
                       BiFunction<Protocol.RunSpec, Boolean, SearchRun> runs, FailureCache failures, Executor blocking,
                       PrintStream log) {
        super(ctx);
        this.agent = agent;
        this.slots = Math.max(1, slots);
        this.runs = runs;
        this.failures = failures;
        this.blocking = blocking;
        this.log = log;
        ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, Coordinators::new);
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(Protocol.COORDINATORS, adapter));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Coordinators.class, this::onCoordinators)
                .onMessage(Protocol.Attempt.class, this::onAttempt)
                .onMessage(Prepared.class, this::onPrepared)
                .onMessage(Searched.class, this::onSearched)
                .onMessage(Protocol.Withdraw.class, this::onWithdraw)
                .onMessage(Leave.class, l -> {
                    leaving = true;
                    searches.values().forEach(ref -> TheoremSearch.cancel(ref, "cancelled: the node is leaving"));
                    searches.clear();
                    held.clear(); // their results, coming as cancelled, are dropped
                    l.replyTo().tell(org.apache.pekko.Done.getInstance());
                    return this;
                })
                .onMessage(Protocol.Refused.class, r -> {
                    log.println("lean-agent: node: refused by coordinator " + coordinator + ": " + r.reason());
                    if (coordinator != null) refused.add(coordinator);
                    return leave(coordinator, "refused");
                })
                .onSignal(Terminated.class, t -> {
                    refused.add(t.getRef());
                    return leave(t.getRef(), "the coordinator left");
                })
                .build();
    }

    private Behavior<Command> onCoordinators(Coordinators c) {
        known = c.listing().getServiceInstances(Protocol.COORDINATORS);
        Set<ActorRef<Protocol.ToCoordinator>> registered = c.listing().getAllServiceInstances(Protocol.COORDINATORS);
        refused.retainAll(registered);
        // A registration gone means the coordinator ended: a run's coordinator actor that stops on a member that
        // stays (bench minif2f, one per attempt k) left no Terminated here over TLS in tests. (An unreachable
        // coordinator stays registered: its attempts stay here.)
        if (coordinator != null && !registered.contains(coordinator)) {
            refused.add(coordinator);
            return leave(coordinator, "the coordinator left");
        }
        return serveNext();
    }

    /** Turns to a coordinator when serving none. */
    private Behavior<Command> serveNext() {
        if (coordinator != null || leaving) return this;
        Optional<ActorRef<Protocol.ToCoordinator>> next = known.stream().filter(r -> !refused.contains(r)).findFirst();
        if (next.isEmpty()) return this;
        coordinator = next.get();
        getContext().watch(coordinator);
        log.println("lean-agent: node: working for " + coordinator.path().address());
        coordinator.tell(new Protocol.Pull(Protocol.VERSION, getContext().getSelf().narrow(), slots));
        return this;
    }

    private Behavior<Command> leave(ActorRef<?> which, String why) {
        if (which == null || !which.equals(coordinator)) return this;
        getContext().unwatch(coordinator);
        // Its attempts are re-queued there (or the run is over); nothing of them is worth finishing.
        searches.values().forEach(s -> TheoremSearch.cancel(s, "cancelled: " + why));
        searches.clear();
        held.clear();
        withdrawn = null;
        coordinator = null;
        // The run's generator and its caches: the next coordinator sends its own run.
        runCache.values().forEach(r -> {
            try {
                r.close();
            } catch (Exception e) {
                log.println("lean-agent: node: closing a finished run: " + e);
            }
        });
        runCache.clear();
        return serveNext();
    }

    private Behavior<Command> onAttempt(Protocol.Attempt a) {
        // From a coordinator this node left, or while leaving: the coordinator re-queues it when the node is gone.
        if (!a.coordinator().equals(coordinator) || leaving) return this;
        held.add(a.id());
        CompletableFuture<Prepared> prepared = CompletableFuture.supplyAsync(() -> prepare(a), blocking);
        getContext().pipeToSelf(prepared, (p, e) -> p != null ? p : new Prepared(a, null, null, 0, e));
        return this;
    }

    /** Off the actor: parses the file, makes the run, waits for the pool's workers (once per import set). */
    private Prepared prepare(Protocol.Attempt a) {
        try {
            LeanFile file = LeanFileReader.parse(a.text(), Path.of(a.path()));
            Declaration d = file.find(a.theorem()).orElseThrow(() ->
                    new IllegalArgumentException("no theorem " + a.theorem() + " in the file sent"));
            SearchRun run = runCache.computeIfAbsent(Map.entry(a.run(), !file.imports().isEmpty()),
                    k -> runs.apply(k.getKey(), k.getValue()));
            LeanPool pool = agent.pools().pool(file.imports());
            awaitWorkers(file.imports(), pool);
            TheoremTask task = ProofRun.task(pool, file, new ProofRun.Target(d, a.attempt()), failures, null);
            return new Prepared(a, task, run, ProofRun.parallelTactics(run, pool), null);
        } catch (Exception e) {
            return new Prepared(a, null, null, 0, e);
        }
    }

    /** Off the actor, in {@link #prepare}: returns once the pool has a worker, or throws why it has none. */
    private void awaitWorkers(List<String> imports, LeanPool pool) {
        CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<String>> wait = ready.putIfAbsent(imports, mine);
        if (wait == null) {
            wait = mine;
            try {
                mine.complete(ProofRun.awaitWorkers(pool, agent));
            } catch (Exception e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            Optional<String> noWorker = wait.join();
            if (noWorker.isPresent()) throw new LeanProcessException(noWorker.get());
        } catch (RuntimeException e) {
            ready.remove(imports, wait);
            throw e;
        }
    }

    private Behavior<Command> onPrepared(Prepared p) {
        Protocol.Attempt a = p.attempt();
        if (!a.coordinator().equals(coordinator) || !held.contains(a.id())) return this;
        if (p.failure() != null) {
            Throwable e = p.failure() instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : p.failure();
            return onSearched(new Searched(a.coordinator(), a.id(), new ProofResult(a.path(), a.theorem(), ProofResult.ERROR,
                    List.of(), "the proof environment failed on node " + getContext().getSystem().address() + ": " + e,
                    0, 0, 0, 0, 0, false, a.run().generator(), null, null, null, null, a.attempt())));
        }
        ActorRef<Command> self = getContext().getSelf();
        ActorRef<?> search = getContext().spawn(TheoremSearch.behavior(p.task(), p.run(), p.parallelTactics(), blocking,
                r -> self.tell(new Searched(a.coordinator(), a.id(), r))), "search-" + (++searchCount));
        searches.put(a.id(), search);
        if (withdrawn != null) TheoremSearch.cancel(search, withdrawn);
        return this;
    }

    private Behavior<Command> onSearched(Searched s) {
        if (!s.coordinator().equals(coordinator) || !held.remove(s.id())) return this;
        searches.remove(s.id());
        String line;
        try {
            line = ProofResults.line(s.result());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        coordinator.tell(new Protocol.Done(getContext().getSelf().narrow(), s.id(), line));
        coordinator.tell(new Protocol.Pull(Protocol.VERSION, getContext().getSelf().narrow(), 1));
        return this;
    }

    private Behavior<Command> onWithdraw(Protocol.Withdraw w) {
        if (!w.coordinator().equals(coordinator)) return this;
        withdrawn = w.reason();
        searches.values().forEach(s -> TheoremSearch.cancel(s, w.reason()));
        return this;
    }
}
