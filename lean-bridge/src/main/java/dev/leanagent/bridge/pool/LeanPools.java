package dev.leanagent.bridge.pool;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Lean pools of one application: one {@link PoolActor} per import set, made on first use.
 * The pools do not make an actor system: each is spawned by {@code spawn}, as a child of the
 * application's guardian, so pools, model service and searches live in one system with one owner.
 * Closing kills every Lean process at once, then stops the pools' actors.
 */
public final class LeanPools implements AutoCloseable {

    private final BiFunction<Behavior<PoolActor.Command>, String, ActorRef<PoolActor.Command>> spawn;
    private final Scheduler scheduler;
    private final PoolSettings settings;
    private final Function<List<String>, ReplLauncher> launchers;
    private final TrackedLauncher tracker = new TrackedLauncher();
    private final Map<List<String>, LeanPool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger names = new AtomicInteger();

    /**
     * @param spawn     makes a pool's actor (behavior, name) a child of the caller's guardian and
     *                  returns it; called from the thread that first asks for an import set
     * @param scheduler the actor system's, for the pools' asks
     */
    public LeanPools(BiFunction<Behavior<PoolActor.Command>, String, ActorRef<PoolActor.Command>> spawn,
                     Scheduler scheduler, PoolSettings settings, Function<List<String>, ReplLauncher> launchers) {
        this.spawn = spawn;
        this.scheduler = scheduler;
        this.settings = settings;
        this.launchers = launchers;
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
        ActorRef<PoolActor.Command> ref = spawn.apply(PoolActor.create(imports, launcher, settings),
                "lean-pool-" + names.incrementAndGet());
        return new LeanPool(imports, ref, scheduler, settings.requestTimeout());
    }

    /** Process ids of the live Lean processes (the sandbox's outer process of each). */
    public List<Long> processIds() {
        return tracker.pids();
    }

    /** Kills every Lean process (no new one starts after this), then stops the pools' actors. */
    @Override
    public void close() {
        tracker.closeAll();
        for (LeanPool p : pools.values()) p.ref().tell(PoolActor.Stop.INSTANCE);
        pools.clear();
    }
}
