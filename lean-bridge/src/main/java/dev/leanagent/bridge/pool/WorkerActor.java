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
     * What a run produced. {@code replay} is what it rebuilt before running the request (its time is
     * part of {@code serviceNanos}); {@code leanTime} is the process's running total; {@code recycling}
     * says the worker is replacing its process next.
     */
    record WorkResult(PoolOutcome outcome, Fault fault, long serviceNanos, Replay replay, LeanTime leanTime,
                      long residentBytes, boolean recycling) {

        int replayedSteps() {
            return replay.steps();
        }
    }

    /** Steps replayed for one run, their time, and the states they rebuilt (now held by this worker's process). */
    record Replay(int steps, long nanos, List<StateHandle> rebuilt) {
        static final Replay NONE = new Replay(0, 0, List.of());
    }

    /** Collects a run's replay as it goes, so a replay cut short still reports what it rebuilt. */
    private static final class ReplayLog {
        final List<StateHandle> rebuilt = new ArrayList<>();
        int steps;
        long nanos;

        Replay done() {
            return steps == 0 ? Replay.NONE : new Replay(steps, nanos, List.copyOf(rebuilt));
        }
    }

    /** The process failed; supervision restarts the actor on a fresh one. */
    static final class ProcessLost extends RuntimeException {
        ProcessLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A state could not be rebuilt ({@code kind} {@code replay_failed}), or the deadline passed while it was ({@code deadline}). */
    private static final class ReplayFailed extends Exception {
        final String kind;

        ReplayFailed(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
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
        ReplayLog replayed = new ReplayLog();
        PoolOutcome outcome;
        try {
            outcome = execute(job, replayed);
        } catch (ReplayFailed e) {
            outcome = PoolOutcome.failed(e.kind, e.getMessage());
        } catch (LeanProcessException e) {
            processRequests++;
            Fault fault = e.hung() ? Fault.HUNG : Fault.CRASHED;
            PoolOutcome failed = PoolOutcome.failed(e.hung() ? PoolErrors.HUNG : PoolErrors.CRASHED, e.getMessage());
            pool.tell(new PoolActor.WorkerDone(index, job,
                    new WorkResult(failed, fault, System.nanoTime() - t0, replayed.done(), repl.leanTime(), 0, false)));
            getContext().getLog().warn("worker {} lost Lean process {} during {}: {}", index, repl.pid(),
                    job.describe(), e.getMessage());
            throw new ProcessLost("worker " + index + " lost its Lean process during " + job.describe(), e);
        } catch (RuntimeException e) {
            // A fault of ours, not Lean's: answer, then let supervision start afresh.
            pool.tell(new PoolActor.WorkerDone(index, job, new WorkResult(
                    PoolOutcome.failed("internal_error", e.toString()), Fault.INTERNAL, System.nanoTime() - t0,
                    replayed.done(), repl.leanTime(), 0, false)));
            throw e;
        }
        processRequests++;
        long rss = repl.residentBytes().orElse(0);
        boolean recycle = dueForRecycling(rss);
        pool.tell(new PoolActor.WorkerDone(index, job, new WorkResult(outcome, Fault.NONE, System.nanoTime() - t0,
                replayed.done(), repl.leanTime(), rss, recycle)));
        if (recycle) {
            getContext().getLog().info("worker {} recycles Lean process {} after {} requests ({} resident)", index,
                    repl.pid(), processRequests, PoolSizing.gib(rss));
            closeProcess();
            launch();
        }
        return this;
    }

    private PoolOutcome execute(Job job, ReplayLog replayed) throws ReplayFailed {
        if (job.step() instanceof Step.Start s) {
            return answer(job.newHandle(), repl.start(s.request()));
        }
        Step.Tactic t = (Step.Tactic) job.step();
        int state = ensure(job, replayed);
        if (replayed.steps > 0) requireBefore(job, "its state was rebuilt");
        return answer(job.newHandle(), repl.tactic(state, t.tactic(), t.timeout(), t.heartbeats()));
    }

    /**
     * A replay can take several steps' time; the pool checked the deadline only before it began. So
     * the deadline is checked again before each step and before the request itself: a request still
     * rebuilding at the deadline ends within one step's limit of it instead of running on.
     */
    private static void requireBefore(Job job, String doing) throws ReplayFailed {
        if (job.expired(System.nanoTime())) {
            throw new ReplayFailed(PoolErrors.DEADLINE, "the deadline of the " + job.describe() + " passed while "
                    + doing + "; not run");
        }
    }

    private PoolOutcome answer(StateHandle handle, Outcome outcome) {
        if (outcome instanceof Outcome.Ok ok) {
            local.put(handle.id(), ok.state().id());
            return new PoolOutcome.Ok(handle, ok.state());
        }
        return new PoolOutcome.Failed(outcome.error());
    }

    /** The REPL state id of {@code job}'s state on this process, replaying what this process lacks. */
    private int ensure(Job job, ReplayLog replayed) throws ReplayFailed {
        StatePath path = job.target();
        Integer known = local.get(path.handle().id());
        if (known != null) return known;
        Deque<StatePath> todo = path.suffixAfter(p -> local.containsKey(p.handle().id()));
        Integer base = todo.peekFirst().parent() == null ? null : local.get(todo.peekFirst().parent().handle().id());
        for (StatePath node : todo) {
            if (replayed.steps > 0) requireBefore(job, "its state was being rebuilt");
            long t0 = System.nanoTime();
            Outcome o = node.step() instanceof Step.Start s ? repl.start(s.request())
                    : repl.tactic(base, ((Step.Tactic) node.step()).tactic(), ((Step.Tactic) node.step()).timeout(),
                    ((Step.Tactic) node.step()).heartbeats());
            replayed.nanos += System.nanoTime() - t0;
            replayed.steps++;
            processRequests++;
            if (o instanceof Outcome.Failed f) {
                ReplError e = f.error();
                throw new ReplayFailed(PoolErrors.REPLAY_FAILED, "could not rebuild " + path.handle()
                        + " on Lean process " + repl.pid() + ": step " + (node.depth() + 1) + " ("
                        + describe(node.step()) + ") now fails with " + e.kind() + ": " + e.message());
            }
            ProofState s = o.state();
            if (!s.canonical().equals(node.canonical())) {
                throw new ReplayFailed(PoolErrors.REPLAY_FAILED, "could not rebuild " + path.handle()
                        + " on Lean process " + repl.pid() + ": step " + (node.depth() + 1) + " (" + describe(node.step())
                        + ") now gives another state:\n" + s.canonical() + "\ninstead of:\n" + node.canonical());
            }
            local.put(node.handle().id(), s.id());
            replayed.rebuilt.add(node.handle());
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
