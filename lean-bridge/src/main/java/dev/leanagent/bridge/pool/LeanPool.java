package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.StartRequest;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The caller's side of one pool (one import set), for code that is not an actor; actors can send
 * {@link PoolActor.Command}s to {@link #ref()} directly. Every request completes with a
 * {@link PoolOutcome}; the pool's own faults arrive as {@link PoolOutcome.Failed} too.
 */
public final class LeanPool {

    private final List<String> imports;
    private final ActorRef<PoolActor.Command> ref;
    private final Scheduler scheduler;
    private final Duration requestTimeout;

    LeanPool(List<String> imports, ActorRef<PoolActor.Command> ref, Scheduler scheduler, Duration requestTimeout) {
        this.imports = imports;
        this.ref = ref;
        this.scheduler = scheduler;
        this.requestTimeout = requestTimeout;
    }

    public List<String> imports() {
        return imports;
    }

    public ActorRef<PoolActor.Command> ref() {
        return ref;
    }

    public CompletionStage<PoolOutcome> start(StartRequest request) {
        return AskPattern.ask(ref, r -> new PoolActor.Start(request, r), requestTimeout, scheduler);
    }

    /** Runs a tactic with the pool's default limits. */
    public CompletionStage<PoolOutcome> tactic(StateHandle state, String tactic) {
        return AskPattern.ask(ref, r -> new PoolActor.Tactic(state, tactic, null, null, r), requestTimeout, scheduler);
    }

    public CompletionStage<PoolOutcome> tactic(StateHandle state, String tactic, Duration timeout, long heartbeats) {
        return AskPattern.ask(ref, r -> new PoolActor.Tactic(state, tactic, timeout, heartbeats, r), requestTimeout,
                scheduler);
    }

    /**
     * A start that is not begun after {@code deadline} ({@link System#nanoTime()}): it is then
     * answered with {@link PoolErrors#DEADLINE}.
     */
    public CompletionStage<PoolOutcome> start(StartRequest request, long deadline) {
        return AskPattern.ask(ref, r -> new PoolActor.Start(request, deadline, r), requestTimeout, scheduler);
    }

    /** A tactic (null limits: the pool's defaults) that is not begun after {@code deadline}, as for a start. */
    public CompletionStage<PoolOutcome> tactic(StateHandle state, String tactic, Duration timeout, Long heartbeats,
                                               long deadline) {
        return AskPattern.ask(ref, r -> new PoolActor.Tactic(state, tactic, timeout, heartbeats, deadline, r),
                requestTimeout, scheduler);
    }

    public void release(Collection<StateHandle> states) {
        if (!states.isEmpty()) ref.tell(new PoolActor.Release(List.copyOf(states)));
    }

    public CompletionStage<PoolStats> stats() {
        return AskPattern.ask(ref, PoolActor.GetStats::new, Duration.ofSeconds(30), scheduler);
    }
}
