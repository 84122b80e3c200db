package dev.leanagent.model.testing;

import dev.leanagent.model.TacticModel;
import dev.leanagent.model.service.ModelServer;
import dev.leanagent.model.service.ServiceSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;

/**
 * A model service in an actor system of the test's own (the application spawns it under its
 * guardian instead): closing stops the service, frees the model and terminates the system.
 */
public final class ServiceSystem implements AutoCloseable {

    public final ModelServer server;
    private final ActorSystem<SpawnProtocol.Command> system;

    private ServiceSystem(ActorSystem<SpawnProtocol.Command> system, ModelServer server) {
        this.system = system;
        this.server = server;
    }

    public static ServiceSystem start(TacticModel model, ServiceSettings settings) {
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "model-test");
        ModelServer server = ModelServer.start(behavior -> AskPattern.<SpawnProtocol.Command, ActorRef<dev.leanagent.model.service.ModelService.Command>>ask(
                        system, r -> new SpawnProtocol.Spawn<>(behavior, "model-service", Props.empty(), r),
                        Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().join(),
                system.scheduler(), model, settings);
        return new ServiceSystem(system, server);
    }

    @Override
    public void close() {
        server.close();
        system.terminate();
    }
}
