package dev.leanagent.agent.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The root actor of a run: the Lean pools, the model service and the searches are its children,
 * so stopping it stops them all. It spawns on request (callers outside actors ask through
 * {@link AgentSystem}), and keeps the searches apart so that one message cancels them all.
 */
final class Guardian extends AbstractBehavior<Guardian.Command> {

    sealed interface Command {
    }

    /** A long-lived child (a Lean pool, the model service …); answered with its ref. */
    record Spawn<T>(Behavior<T> behavior, String name, ActorRef<ActorRef<T>> replyTo) implements Command {
    }

    /** Searches: a child that {@link CancelSearches} reaches with {@code cancel.apply(reason)} until it stops. */
    record SpawnSearches<T>(Behavior<T> behavior, String name, Function<String, T> cancel,
                            ActorRef<ActorRef<T>> replyTo) implements Command {
    }

    /** Every running search stops and reports with this reason; searches spawned later are cancelled at once. */
    record CancelSearches(String reason) implements Command {
    }

    private record SearchesEnded(ActorRef<?> searches) implements Command {
    }

    static Behavior<Command> create() {
        return Behaviors.setup(Guardian::new);
    }

    private final Map<ActorRef<?>, Consumer<String>> searches = new HashMap<>();
    private String cancelled;

    private Guardian(ActorContext<Command> ctx) {
        super(ctx);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Spawn.class, m -> onSpawn((Spawn<?>) m))
                .onMessage(SpawnSearches.class, m -> spawnSearches((SpawnSearches<?>) m))
                .onMessage(CancelSearches.class, this::onCancel)
                .onMessage(SearchesEnded.class, m -> {
                    searches.remove(m.searches());
                    return this;
                })
                .build();
    }

    private <T> Behavior<Command> onSpawn(Spawn<T> m) {
        m.replyTo().tell(getContext().spawn(m.behavior(), m.name()));
        return this;
    }

    private <T> Behavior<Command> spawnSearches(SpawnSearches<T> m) {
        ActorRef<T> ref = getContext().spawn(m.behavior(), m.name());
        getContext().watchWith(ref, new SearchesEnded(ref));
        Consumer<String> cancel = reason -> ref.tell(m.cancel().apply(reason));
        searches.put(ref, cancel);
        if (cancelled != null) cancel.accept(cancelled);
        m.replyTo().tell(ref);
        return this;
    }

    private Behavior<Command> onCancel(CancelSearches m) {
        if (cancelled == null) cancelled = m.reason();
        searches.values().forEach(c -> c.accept(m.reason()));
        return this;
    }
}
