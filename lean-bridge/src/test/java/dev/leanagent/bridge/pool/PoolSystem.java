package dev.leanagent.bridge.pool;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Pools in an actor system of the test's own (the application gives them its guardian instead):
 * closing kills Lean, stops the pools and terminates the system.
 */
public final class PoolSystem implements AutoCloseable {

    public final ActorSystem<SpawnProtocol.Command> system;
    public final LeanPools pools;

    private PoolSystem(ActorSystem<SpawnProtocol.Command> system, LeanPools pools) {
        this.system = system;
        this.pools = pools;
    }

    public static PoolSystem start(PoolSettings settings, Function<List<String>, ReplLauncher> launchers) {
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "pool-test");
        return new PoolSystem(system, new LeanPools((behavior, name) -> spawn(system, behavior, name),
                system.scheduler(), settings, launchers));
    }

    public static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system, Behavior<T> behavior, String name) {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                        r -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), r), Duration.ofSeconds(30),
                        system.scheduler())
                .toCompletableFuture().join();
    }

    @Override
    public void close() throws Exception {
        pools.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
