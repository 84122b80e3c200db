package dev.leanagent.agent.cluster;

import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.service.ModelService;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A lean node's way to the cluster's model nodes: the searches' requests go to a reachable model
 * node serving the model and prompt template they name (found through the receptionist), the one
 * with the fewest of this node's requests in flight. When a model node is lost (death watch),
 * deregisters, or answers that it dropped a request because it is stopping, its unanswered
 * requests go to another one; one merely unreachable for a while keeps what it holds (its answers
 * still count) but gets nothing new. When none serves the model, a request waits up to {@code
 * modelWait} for one and then fails with the reason, and one in flight longer than {@code
 * requestTimeout} fails too, so a search never waits forever.
 */
public final class ModelClient extends AbstractBehavior<ModelClient.Command> {

    public interface Command {
    }

    /** A search's request (local only: the future is completed with the answer or the reason there is none). */
    public record Ask(String model, String template, String state, GenerationSettings settings,
                      CompletableFuture<ModelService.Reply> reply) implements Command {
    }

    private record Models(Receptionist.Listing listing) implements Command {
    }

    private enum Sweep implements Command { INSTANCE }

    /** A request not yet answered: the model node it went to (null while waiting for one) and since when. */
    private static final class Pending {
        final Ask ask;
        ActorRef<Protocol.ToModel> node;
        long since;

        Pending(Ask ask, long since) {
            this.ask = ask;
            this.since = since;
        }
    }

    /** Sends {@code state} through {@code client}; the answer comes back as the stage's value. */
    public static CompletionStage<ModelService.Reply> ask(ActorRef<Command> client, String model, String template,
                                                          String state, GenerationSettings settings) {
        CompletableFuture<ModelService.Reply> reply = new CompletableFuture<>();
        client.tell(new Ask(model, template, state, settings, reply));
        return reply;
    }

    public static Behavior<Command> create(Duration modelWait, Duration requestTimeout, PrintStream log) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ModelClient(ctx, timers, modelWait, requestTimeout, log)));
    }

    private final Duration modelWait;
    private final Duration requestTimeout;
    private final PrintStream log;
    private final ActorRef<Protocol.FromModel> self;
    /** Model nodes that said which model they serve. */
    private final Map<ActorRef<Protocol.ToModel>, Protocol.ModelInfo> nodes = new LinkedHashMap<>();
    /** Model nodes registered with the receptionist (reachable or not), each asked which model it serves. */
    private Set<ActorRef<Protocol.ToModel>> listed = Set.of();
    /** Those of them reachable now: only these get new requests. */
    private Set<ActorRef<Protocol.ToModel>> reachable = Set.of();
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextId;
    /** Breaks ties between equally loaded model nodes in turn. */
    private long turn;

    private ModelClient(ActorContext<Command> ctx, TimerScheduler<Command> timers, Duration modelWait,
                        Duration requestTimeout, PrintStream log) {
        super(ctx);
        this.modelWait = modelWait;
        this.requestTimeout = requestTimeout;
        this.log = log;
        this.self = ctx.getSelf().narrow();
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(Protocol.MODELS,
                ctx.messageAdapter(Receptionist.Listing.class, Models::new)));
        timers.startTimerWithFixedDelay(Sweep.INSTANCE, Duration.ofSeconds(1));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Ask.class, this::onAsk)
                .onMessage(Models.class, this::onModels)
                .onMessage(Protocol.ModelInfo.class, this::onInfo)
                .onMessage(Protocol.ModelAnswer.class, this::onAnswer)
                .onMessageEquals(Sweep.INSTANCE, this::onSweep)
                .onSignal(Terminated.class, t -> {
                    @SuppressWarnings("unchecked")
                    ActorRef<Protocol.ToModel> node = (ActorRef<Protocol.ToModel>) (ActorRef<?>) t.getRef();
                    return lost(node, "lost");
                })
                .build();
    }

    private Behavior<Command> onAsk(Ask a) {
        long id = nextId++;
        Pending p = new Pending(a, System.nanoTime());
        pending.put(id, p);
        send(id, p);
        return this;
    }

    /** To the least loaded model node serving the request's model, or left waiting for one. */
    private void send(long id, Pending p) {
        Map<ActorRef<Protocol.ToModel>, Integer> load = new HashMap<>();
        for (Pending q : pending.values()) if (q.node != null) load.merge(q.node, 1, Integer::sum);
        List<ActorRef<Protocol.ToModel>> serving = nodes.values().stream()
                .filter(i -> i.id().equals(p.ask.model()) && i.template().equals(p.ask.template()))
                .map(Protocol.ModelInfo::gateway).filter(reachable::contains).toList();
        p.since = System.nanoTime();
        if (serving.isEmpty()) {
            p.node = null;
            return;
        }
        int start = (int) (turn++ % serving.size());
        List<ActorRef<Protocol.ToModel>> inTurn = new ArrayList<>(serving.subList(start, serving.size()));
        inTurn.addAll(serving.subList(0, start));
        p.node = inTurn.stream().min(Comparator.comparingInt(n -> load.getOrDefault(n, 0))).orElseThrow();
        p.node.tell(new Protocol.ModelRequest(Protocol.VERSION, id, p.ask.model(), p.ask.template(), p.ask.state(),
                p.ask.settings(), self));
    }

    private Behavior<Command> onModels(Models m) {
        // getAll: an unreachable node stays registered; only its deregistration or its removal (death watch) loses it.
        Set<ActorRef<Protocol.ToModel>> now = m.listing().getAllServiceInstances(Protocol.MODELS);
        reachable = m.listing().getServiceInstances(Protocol.MODELS);
        for (ActorRef<Protocol.ToModel> n : now) {
            if (!listed.contains(n)) {
                getContext().watch(n);
                n.tell(new Protocol.DescribeModel(Protocol.VERSION, self));
            }
        }
        Set<ActorRef<Protocol.ToModel>> gone = new HashSet<>(listed);
        gone.removeAll(now);
        listed = now;
        for (ActorRef<Protocol.ToModel> n : gone) lost(n, "left");
        sendWaiting(); // a node reachable again takes the requests that waited
        return this;
    }

    private void sendWaiting() {
        pending.forEach((id, p) -> {
            if (p.node == null) send(id, p);
        });
    }

    private Behavior<Command> onInfo(Protocol.ModelInfo i) {
        if (!listed.contains(i.gateway())) return this;
        if (i.version() != Protocol.VERSION) {
            log.println("lean-agent: node: model node " + where(i.gateway()) + " speaks cluster protocol "
                    + i.version() + ", this node " + Protocol.VERSION + "; not used");
            return this;
        }
        nodes.put(i.gateway(), i);
        log.println("lean-agent: node: model node " + where(i.gateway()) + " serves " + i.id() + " (template "
                + i.template() + ")");
        sendWaiting();
        return this;
    }

    private Behavior<Command> onAnswer(Protocol.ModelAnswer a) {
        Pending p = pending.get(a.id());
        if (p == null) return this; // answered already (a request sent again can be answered twice)
        if (a.retry()) {
            // The node is stopping: it gets nothing more, and the request goes elsewhere (unless it went already).
            if (nodes.remove(a.from()) != null) {
                log.println("lean-agent: node: model node " + where(a.from()) + " is stopping: " + a.error());
            }
            if (a.from().equals(p.node)) send(a.id(), p);
            return this;
        }
        pending.remove(a.id());
        p.ask.reply().complete(new ModelService.Reply(a.suggestions(), a.error()));
        return this;
    }

    private Behavior<Command> lost(ActorRef<Protocol.ToModel> node, String how) {
        getContext().unwatch(node);
        boolean known = nodes.remove(node) != null;
        listed = listed.contains(node) ? without(listed, node) : listed;
        int resent = 0;
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            if (node.equals(e.getValue().node)) {
                send(e.getKey(), e.getValue());
                resent++;
            }
        }
        if (known) {
            log.println("lean-agent: node: model node " + where(node) + " " + how
                    + (resent > 0 ? "; requests sent again: " + resent : ""));
        }
        return this;
    }

    /** A member's address; this node's own model service (role all) has no host in its refs. */
    private String where(ActorRef<?> ref) {
        return ref.path().address().hasLocalScope() ? "on this node (" + getContext().getSystem().address() + ")"
                : ref.path().address().toString();
    }

    private static <T> Set<T> without(Set<T> set, T gone) {
        Set<T> s = new HashSet<>(set);
        s.remove(gone);
        return s;
    }

    /** Fails what waited too long: for a model node to join, or for an answer. */
    private Behavior<Command> onSweep() {
        long now = System.nanoTime();
        pending.entrySet().removeIf(e -> {
            Pending p = e.getValue();
            long waited = now - p.since;
            String why = null;
            if (p.node == null && waited > modelWait.toNanos()) {
                why = "no model node serving " + p.ask.model() + " in the cluster for " + modelWait.toSeconds()
                        + " s (start `lean-agent node --role model --model DIR --seed ...`; cluster.model-wait sets the wait)";
            } else if (p.node != null && waited > requestTimeout.toNanos()) {
                why = "model node " + where(p.node) + " did not answer within " + requestTimeout.toSeconds()
                        + " s (model-service.request-timeout)";
            }
            if (why == null) return false;
            p.ask.reply().complete(new ModelService.Reply(List.of(), why));
            return true;
        });
        return this;
    }
}
