package dev.leanagent.agent.cluster;

import dev.leanagent.agent.UsageException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * How a coordinator learns which model its run uses: the first model node to answer names it (its
 * id, description and template go into the run's spec and so into every result line). It waits
 * {@code wait} for a model node to join, then fails with what to start.
 */
public final class ModelDiscovery {

    public interface Command {
    }

    private record Models(Receptionist.Listing listing) implements Command {
    }

    private enum GiveUp implements Command { INSTANCE }

    private ModelDiscovery() {
    }

    public static Behavior<Command> create(Duration wait, CompletableFuture<Protocol.ModelInfo> found) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<Protocol.FromModel> self = ctx.getSelf().narrow();
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(Protocol.MODELS,
                    ctx.messageAdapter(Receptionist.Listing.class, Models::new)));
            timers.startSingleTimer(GiveUp.INSTANCE, wait);
            Set<ActorRef<Protocol.ToModel>> asked = new HashSet<>();
            return Behaviors.receive(Command.class)
                    .onMessage(Models.class, m -> {
                        for (ActorRef<Protocol.ToModel> n : m.listing().getServiceInstances(Protocol.MODELS)) {
                            if (asked.add(n)) n.tell(new Protocol.DescribeModel(Protocol.VERSION, self));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Protocol.ModelInfo.class, i -> {
                        if (i.version() != Protocol.VERSION) return Behaviors.same();
                        found.complete(i);
                        return Behaviors.stopped();
                    })
                    .onMessageEquals(GiveUp.INSTANCE, () -> {
                        found.completeExceptionally(new UsageException("no model node joined the cluster within "
                                + wait.toSeconds() + " s (start `lean-agent node --role model --model DIR --seed ...` "
                                + "on a machine with the model; cluster.model-wait sets how long to wait)"));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
