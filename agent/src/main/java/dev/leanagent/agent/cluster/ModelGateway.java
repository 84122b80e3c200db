package dev.leanagent.agent.cluster;

import dev.leanagent.model.TacticModel;
import dev.leanagent.model.service.ModelServer;
import dev.leanagent.model.service.ModelService;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code model} node's door to its model service: registered with the receptionist under
 * {@link Protocol#MODELS}, it passes each search's request to the local {@link ModelServer}
 * (which batches the requests of every lean node as it batches a local run's) and sends the
 * answer back. It keeps no queue of its own: the service's is the one that matters.
 */
public final class ModelGateway extends AbstractBehavior<ModelGateway.Command> {

    public interface Command {
    }

    /**
     * The node is leaving: deregister, and answer every request from now on with {@code retry}, so
     * the lean nodes ask another model node; replies with {@link Done} once deregistered.
     */
    public record Leave(ActorRef<Done> replyTo) implements Command {
    }

    private record Answered(Protocol.ModelRequest request, ModelService.Reply reply, Throwable failure) implements Command {
    }

    public static Behavior<Command> create(ModelServer server, PrintStream log) {
        return Behaviors.setup(ctx -> new ModelGateway(ctx, server, log));
    }

    private final ModelServer server;
    private final TacticModel model;
    private final PrintStream log;
    /** Members whose requests this node has served, each logged once. */
    private final Set<Address> clients = new HashSet<>();
    private boolean leaving;

    private ModelGateway(ActorContext<Command> ctx, ModelServer server, PrintStream log) {
        super(ctx);
        this.server = server;
        this.model = server.model();
        this.log = log;
        ctx.getSystem().receptionist().tell(Receptionist.register(Protocol.MODELS, ctx.getSelf().narrow()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Protocol.DescribeModel.class, d -> {
                    d.replyTo().tell(new Protocol.ModelInfo(getContext().getSelf().narrow(), Protocol.VERSION, model.id(),
                            model.describe(), model.templateName()));
                    return this;
                })
                .onMessage(Protocol.ModelRequest.class, this::onRequest)
                .onMessage(Leave.class, l -> {
                    leaving = true;
                    getContext().getSystem().receptionist().tell(Receptionist.deregister(Protocol.MODELS,
                            getContext().getSelf().narrow()));
                    l.replyTo().tell(Done.getInstance());
                    return this;
                })
                .onMessage(Answered.class, this::onAnswered)
                .build();
    }

    private Behavior<Command> onRequest(Protocol.ModelRequest r) {
        if (leaving) {
            r.replyTo().tell(new Protocol.ModelAnswer(getContext().getSelf().narrow(), r.id(), List.of(),
                    "model node " + getContext().getSystem().address() + " is leaving the cluster", true));
            return this;
        }
        if (r.version() != Protocol.VERSION) {
            return refuse(r, "the model node speaks cluster protocol " + Protocol.VERSION + ", the requester " + r.version()
                    + " (run the same lean-agent version everywhere)");
        }
        if (!r.model().equals(model.id()) || !r.template().equals(model.templateName())) {
            return refuse(r, "this model node serves " + model.id() + " with template " + model.templateName() + ", not "
                    + r.model() + " with " + r.template());
        }
        if (clients.add(r.replyTo().path().address())) {
            Address from = r.replyTo().path().address();
            log.println("lean-agent: node: model requests from " + (from.hasLocalScope() ? "this node" : from));
        }
        getContext().pipeToSelf(server.suggest(r.state(), r.settings()), (reply, e) -> new Answered(r, reply, e));
        return this;
    }

    private Behavior<Command> refuse(Protocol.ModelRequest r, String why) {
        r.replyTo().tell(new Protocol.ModelAnswer(getContext().getSelf().narrow(), r.id(), List.of(), why, false));
        return this;
    }

    private Behavior<Command> onAnswered(Answered a) {
        Protocol.ModelRequest r = a.request();
        if (a.failure() != null || ModelService.STOPPED.equals(a.reply().error())) {
            // Not an answer about the state: the service is stopping (the node leaves) or did not reply.
            String why = a.failure() != null ? String.valueOf(a.failure()) : a.reply().error();
            r.replyTo().tell(new Protocol.ModelAnswer(getContext().getSelf().narrow(), r.id(), List.of(), "model node "
                    + getContext().getSystem().address() + ": " + why, true));
            return this;
        }
        r.replyTo().tell(new Protocol.ModelAnswer(getContext().getSelf().narrow(), r.id(), a.reply().suggestions(), a.reply().error(), false));
        return this;
    }
}
