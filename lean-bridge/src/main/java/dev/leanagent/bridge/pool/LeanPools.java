package dev.leanagent.bridge.pool;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The Lean pools of one application: one {@link PoolActor} per import set, made on first use, in
 * an actor system that other parts (searches, the model service) can share through
 * {@link #system()}. Closing kills every Lean process at once, then stops the actors.
 */
public final class LeanPools implements AutoCloseable {

    private final ActorSystem<SpawnProtocol.Command> system;
    private final boolean ownsSystem;
    private final PoolSettings settings;
    private final Function<List<String>, ReplLauncher> launchers;
    private final TrackedLauncher tracker = new TrackedLauncher();
    private final Map<List<String>, LeanPool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger names = new AtomicInteger();

    public LeanPools(ActorSystem<SpawnProtocol.Command> system, PoolSettings settings,
                     Function<List<String>, ReplLauncher> launchers) {
        this(system, false, settings, launchers);
    }

    private LeanPools(ActorSystem<SpawnProtocol.Command> system, boolean ownsSystem, PoolSettings settings,
                      Function<List<String>, ReplLauncher> launchers) {
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.settings = settings;
        this.launchers = launchers;
    }

    /** Pools in an actor system of their own, stopped by {@link #close()}. */
    public static LeanPools standalone(PoolSettings settings, Function<List<String>, ReplLauncher> launchers) {
        return standalone(settings, launchers, ConfigFactory.load());
    }

    public static LeanPools standalone(PoolSettings settings, Function<List<String>, ReplLauncher> launchers,
                                       Config config) {
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(
                Behaviors.setup(ctx -> SpawnProtocol.create()), "lean-agent", config);
        return new LeanPools(system, true, settings, launchers);
    }

    public ActorSystem<SpawnProtocol.Command> system() {
        return system;
    }

    public PoolSettings settings() {
        return settings;
    }

    /** The pool for an import set (in the order of the file's header), started on first use. */
    public LeanPool pool(List<String> imports) {
        return pools.computeIfAbsent(List.copyOf(imports), this::spawn);
    }

    private LeanPool spawn(List<String> imports) {
        ReplLauncher launcher = tracker.track(launchers.apply(imports));
        String name = "lean-pool-" + names.incrementAndGet();
        try {
            ActorRef<PoolActor.Command> ref = AskPattern.<SpawnProtocol.Command, ActorRef<PoolActor.Command>>ask(system,
                    r -> new SpawnProtocol.Spawn<>(PoolActor.create(imports, launcher, settings), name, Props.empty(), r),
                    Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new LeanPool(imports, ref, system.scheduler(), settings.requestTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a Lean pool", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not start a Lean pool for imports " + imports + ": " + e, e);
        }
    }

    /** Process ids of the live Lean processes (the sandbox's outer process of each). */
    public List<Long> processIds() {
        return tracker.pids();
    }

    @Override
    public void close() {
        tracker.closeAll();
        for (LeanPool p : pools.values()) p.ref().tell(PoolActor.Stop.INSTANCE);
        pools.clear();
        if (ownsSystem) {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the processes are dead already; a slow actor shutdown loses nothing
            }
        }
    }
}
