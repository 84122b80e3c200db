package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.bridge.repl.LeanTime;
import dev.leanagent.bridge.repl.Outcome;
import dev.leanagent.bridge.repl.ProofState;
import dev.leanagent.bridge.repl.Repl;
import dev.leanagent.bridge.repl.ReplError;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Lean process and the pool's states on it. It runs on a thread of its own (the pool's
 * pinned dispatcher) because every request blocks until Lean answers.
 *
 * <p>It knows states by handle: a handle it has not seen on its current process is rebuilt by
 * replaying the handle's path from the deepest ancestor it still holds. When its process dies or
 * hangs it answers the request at hand (the pool decides whether to retry) and fails, so that Pekko's
 * supervision restarts it, with backoff, on a fresh process. Every {@link Run} gets exactly one
 * {@link PoolActor.WorkerDone}.
 */
final class WorkerActor extends AbstractBehavior<WorkerActor.Command> {

    sealed interface Command {
    }

    record Run(Job job) implements Command {
    }

    record Forget(List<StateHandle> handles) implements Command {
    }

    /** Why a run ended without an answer from Lean; INTERNAL is a fault of ours, answered with its error. */
    enum Fault { NONE, CRASHED, HUNG, INTERNAL }

    /**
     * What a run produced. {@code leanTime} is the process's running total; {@code recycling} says
     * the worker is replacing its process next.
     */
    record WorkResult(PoolOutcome outcome, Fault fault, long serviceNanos, int replayedSteps, LeanTime leanTime,
                      long residentBytes, boolean recycling) {
    }

    /** The process failed; supervision restarts the actor on a fresh one. */
    static final class ProcessLost extends RuntimeException {
        ProcessLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class ReplayFailed extends Exception {
        ReplayFailed(String message) {
            super(message, null, false, false);
        }
    }

    static Behavior<Command> create(int index, ReplLauncher launcher, ActorRef<PoolActor.Command> pool,
                                    PoolSettings settings) {
        Behavior<Command> worker = Behaviors.setup(ctx -> new WorkerActor(ctx, index, launcher, pool, settings));
        // A lost process is expected now and then: one line of ours, not Pekko's stack trace.
        Behavior<Command> lossRestarts = Behaviors.supervise(worker).onFailure(ProcessLost.class,
                SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2)
                        .withLoggingEnabled(false));
        return Behaviors.supervise(lossRestarts).onFailure(RuntimeException.class,
                SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private final int index;
    private final ReplLauncher launcher;
    private final ActorRef<PoolActor.Command> pool;
    private final PoolSettings settings;
    /** Handle id to the REPL's state id, for the current process only. */
    private final Map<Long, Integer> local = new HashMap<>();
    private Repl repl;
    private long processRequests;

    private WorkerActor(ActorContext<Command> ctx, int index, ReplLauncher launcher, ActorRef<PoolActor.Command> pool,
                        PoolSettings settings) {
        super(ctx);
        this.index = index;
        this.launcher = launcher;
        this.pool = pool;
        this.settings = settings;
        launch();
    }

    private void launch() {
        try {
            repl = launcher.launch();
        } catch (RuntimeException e) {
            pool.tell(new PoolActor.WorkerStartFailed(index, e.getMessage()));
            throw new ProcessLost("worker " + index + " could not start Lean: " + e.getMessage(), e);
        }
        local.clear();
        processRequests = 0;
        pool.tell(new PoolActor.WorkerReady(index, repl.pid(), repl.residentBytes()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, this::onRun)
                .onMessage(Forget.class, this::onForget)
                .onSignal(PreRestart.class, s -> closeProcess())
                .onSignal(PostStop.class, s -> closeProcess())
                .build();
    }

    private Behavior<Command> closeProcess() {
        if (repl != null) repl.close();
        repl = null;
        return this;
    }

    private Behavior<Command> onRun(Run run) {
        Job job = run.job();
        long t0 = System.nanoTime();
        int[] replayed = {0};
        PoolOutcome outcome;
        try {
            outcome = execute(job, replayed);
        } catch (ReplayFailed e) {
            outcome = PoolOutcome.failed(PoolErrors.REPLAY_FAILED, e.getMessage());
        } catch (LeanProcessException e) {
            processRequests++;
            Fault fault = e.hung() ? Fault.HUNG : Fault.CRASHED;
            PoolOutcome failed = PoolOutcome.failed(e.hung() ? PoolErrors.HUNG : PoolErrors.CRASHED, e.getMessage());
            pool.tell(new PoolActor.WorkerDone(index, job,
                    new WorkResult(failed, fault, System.nanoTime() - t0, replayed[0], repl.leanTime(), 0, false)));
            getContext().getLog().warn("worker {} lost Lean process {} during {}: {}", index, repl.pid(),
                    job.describe(), e.getMessage());
            throw new ProcessLost("worker " + index + " lost its Lean process during " + job.describe(), e);
        } catch (RuntimeException e) {
            // A fault of ours, not Lean's: answer, then let supervision start afresh.
            pool.tell(new PoolActor.WorkerDone(index, job, new WorkResult(
                    PoolOutcome.failed("internal_error", e.toString()), Fault.INTERNAL, System.nanoTime() - t0,
                    replayed[0], repl.leanTime(), 0, false)));
            throw e;
        }
        processRequests++;
        long rss = repl.residentBytes().orElse(0);
        boolean recycle = dueForRecycling(rss);
        pool.tell(new PoolActor.WorkerDone(index, job, new WorkResult(outcome, Fault.NONE, System.nanoTime() - t0,
                replayed[0], repl.leanTime(), rss, recycle)));
        if (recycle) {
            getContext().getLog().info("worker {} recycles Lean process {} after {} requests ({} resident)", index,
                    repl.pid(), processRequests, PoolSizing.gib(rss));
            closeProcess();
            launch();
        }
        return this;
    }

    private PoolOutcome execute(Job job, int[] replayed) throws ReplayFailed {
        if (job.step() instanceof Step.Start s) {
            return answer(job.newHandle(), repl.start(s.request()));
        }
        Step.Tactic t = (Step.Tactic) job.step();
        int state = ensure(job.target(), replayed);
        return answer(job.newHandle(), repl.tactic(state, t.tactic(), t.timeout(), t.heartbeats()));
    }

    private PoolOutcome answer(StateHandle handle, Outcome outcome) {
        if (outcome instanceof Outcome.Ok ok) {
            local.put(handle.id(), ok.state().id());
            return new PoolOutcome.Ok(handle, ok.state());
        }
        return new PoolOutcome.Failed(outcome.error());
    }

    /** The REPL state id of {@code path} on this process, replaying what this process lacks. */
    private int ensure(StatePath path, int[] replayed) throws ReplayFailed {
        Integer known = local.get(path.handle().id());
        if (known != null) return known;
        Deque<StatePath> todo = path.suffixAfter(p -> local.containsKey(p.handle().id()));
        Integer base = todo.peekFirst().parent() == null ? null : local.get(todo.peekFirst().parent().handle().id());
        for (StatePath node : todo) {
            Outcome o = node.step() instanceof Step.Start s ? repl.start(s.request())
                    : repl.tactic(base, ((Step.Tactic) node.step()).tactic(), ((Step.Tactic) node.step()).timeout(),
                    ((Step.Tactic) node.step()).heartbeats());
            replayed[0]++;
            processRequests++;
            if (o instanceof Outcome.Failed f) {
                ReplError e = f.error();
                throw new ReplayFailed("could not rebuild " + path.handle() + " on a fresh Lean process: step "
                        + (node.depth() + 1) + " (" + describe(node.step()) + ") now fails with " + e.kind() + ": "
                        + e.message());
            }
            ProofState s = o.state();
            if (!s.canonical().equals(node.canonical())) {
                throw new ReplayFailed("could not rebuild " + path.handle() + " on a fresh Lean process: step "
                        + (node.depth() + 1) + " (" + describe(node.step()) + ") now gives another state:\n"
                        + s.canonical() + "\ninstead of:\n" + node.canonical());
            }
            local.put(node.handle().id(), s.id());
            base = s.id();
        }
        return base;
    }

    private static String describe(Step step) {
        return step instanceof Step.Tactic t ? "tactic '" + t.tactic() + "'" : "start";
    }

    private boolean dueForRecycling(long residentBytes) {
        if (settings.recycleAfterRequests() > 0 && processRequests >= settings.recycleAfterRequests()) return true;
        return settings.recycleAboveMb() > 0 && residentBytes > settings.recycleAboveMb() << 20;
    }

    private Behavior<Command> onForget(Forget forget) {
        List<Integer> ids = new ArrayList<>();
        for (StateHandle h : forget.handles()) {
            Integer id = local.remove(h.id());
            if (id != null) ids.add(id);
        }
        if (ids.isEmpty()) return this;
        try {
            repl.release(ids);
        } catch (LeanProcessException e) {
            pool.tell(new PoolActor.WorkerLost(index, e.getMessage()));
            getContext().getLog().warn("worker {} lost Lean process {} while idle: {}", index, repl.pid(), e.getMessage());
            throw new ProcessLost("worker " + index + " lost its Lean process while releasing states", e);
        }
        return this;
    }
}
