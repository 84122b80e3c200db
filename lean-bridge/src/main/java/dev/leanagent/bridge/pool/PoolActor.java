package dev.leanagent.bridge.pool;

import dev.leanagent.bridge.repl.LeanTime;
import dev.leanagent.bridge.repl.StartRequest;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The pool of Lean processes for one import set: it owns the handles, queues requests, hands each
 * to an idle worker, and turns the workers' faults into retries, replays or clear errors.
 *
 * <p>A state is held by the workers whose process made or rebuilt it; a request on it goes to the
 * queue of the least loaded of them (a state no live process holds, to the shared queue). Starts go
 * to the shared queue that any idle worker takes from, oldest request first. An idle worker with
 * nothing to do takes a request from a worker that is restarting, or from a busy one when
 * {@link PlacementCosts} says replaying the state costs less than the request would wait; the
 * replayed states are then held by both. The handle the caller holds never changes. See
 * {@code package-info.java} for the caller's view and the rule.
 */
public final class PoolActor extends AbstractBehavior<PoolActor.Command> {

    public sealed interface Command {
    }

    /**
     * Starts a proof; answered with a handle to its first state. {@code deadline}, when not null, is
     * the {@link System#nanoTime()} after which the request is answered {@code deadline} instead of
     * started (a search's wall-clock limit, so that nothing it no longer waits for takes a worker).
     */
    public record Start(StartRequest request, Long deadline, ActorRef<PoolOutcome> replyTo) implements Command {

        public Start(StartRequest request, ActorRef<PoolOutcome> replyTo) {
            this(request, null, replyTo);
        }
    }

    /** Runs a tactic on a state; null limits mean the pool's defaults; {@code deadline} as for {@link Start}. */
    public record Tactic(StateHandle handle, String tactic, Duration timeout, Long heartbeats, Long deadline,
                         ActorRef<PoolOutcome> replyTo) implements Command {

        public Tactic(StateHandle handle, String tactic, Duration timeout, Long heartbeats,
                      ActorRef<PoolOutcome> replyTo) {
            this(handle, tactic, timeout, heartbeats, null, replyTo);
        }
    }

    /** The caller no longer needs these states (their descendants stay valid). */
    public record Release(List<StateHandle> handles) implements Command {
    }

    public record GetStats(ActorRef<PoolStats> replyTo) implements Command {
    }

    /** Stops the pool and its workers; waiting requests are answered {@code pool_stopped}. */
    public enum Stop implements Command { INSTANCE }

    record WorkerReady(int index, long pid, OptionalLong residentBytes) implements Command {
    }

    record WorkerStartFailed(int index, String message) implements Command {
    }

    record WorkerDone(int index, Job job, WorkerActor.WorkResult result) implements Command {
    }

    /** The process of an idle worker died; it is restarting. */
    record WorkerLost(int index, String message) implements Command {
    }

    /** How far into a busy worker's queue an idle one looks for the request cheapest to move. */
    static final int MOVE_SCAN = 64;
    static final String WORKER_DISPATCHER = "lean-agent.pool.worker-dispatcher";

    private enum Status { STARTING, IDLE, BUSY, FAILED }

    private static final class Slot {
        final int index;
        final ActorRef<WorkerActor.Command> ref;
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        Status status = Status.STARTING;
        Job inflight;
        /** The request in flight was taken from another worker's queue by the cost rule. */
        boolean inflightMoved;
        long pid;
        long residentBytes;
        long requests;
        long processRequests;
        int starts;
        boolean replacingAfterFault;
        LeanTime leanCurrent = LeanTime.NONE;
        LeanTime leanRetired = LeanTime.NONE;

        Slot(int index, ActorRef<WorkerActor.Command> ref) {
            this.index = index;
            this.ref = ref;
        }

        boolean up() {
            return status == Status.IDLE || status == Status.BUSY;
        }
    }

    /** A live handle: how its state was made, and which workers' current processes hold it. */
    private static final class Binding {
        final StatePath path;
        final BitSet holders = new BitSet();

        Binding(StatePath path, int worker) {
            this.path = path;
            holders.set(worker);
        }
    }

    public static Behavior<Command> create(List<String> imports, ReplLauncher launcher, PoolSettings settings) {
        return Behaviors.setup(ctx -> new PoolActor(ctx, imports, launcher, settings));
    }

    private final List<String> imports;
    private final ReplLauncher launcher;
    private final PoolSettings settings;
    private final List<Slot> slots = new ArrayList<>();
    private final ArrayDeque<Job> shared = new ArrayDeque<>();
    private final Map<Long, Binding> handles = new HashMap<>();
    private final Latencies latency = new Latencies(16384);
    private final Latencies service = new Latencies(16384);
    private final PlacementCosts costs = new PlacementCosts();
    private long nextHandle = 1;
    private long nextSeq = 1;
    private String sizing;
    private String lastStartFailure;
    private long requests, answered, failures, leanTimeouts, hung, crashes, restarts, recycles, replayedSteps,
            replayFailures, rejected, replays, moved, replayNanos, serviceNanos;

    private PoolActor(ActorContext<Command> ctx, List<String> imports, ReplLauncher launcher, PoolSettings settings) {
        super(ctx);
        this.imports = List.copyOf(imports);
        this.launcher = launcher;
        this.settings = settings;
        if (settings.workers() > 0) {
            sizing = settings.workers() + (settings.workers() == 1 ? " worker" : " workers") + ": set by the user";
            for (int i = 0; i < settings.workers(); i++) spawnWorker();
        } else {
            // One worker first: its measured size decides how many more fit.
            sizing = PoolStats.SIZING_PENDING;
            spawnWorker();
        }
    }

    private void spawnWorker() {
        int index = slots.size();
        ActorRef<WorkerActor.Command> ref = getContext().spawn(
                WorkerActor.create(index, launcher, getContext().getSelf(), settings), "worker-" + index,
                DispatcherSelector.fromConfig(WORKER_DISPATCHER));
        slots.add(new Slot(index, ref));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(Tactic.class, this::onTactic)
                .onMessage(Release.class, this::onRelease)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(WorkerReady.class, this::onReady)
                .onMessage(WorkerStartFailed.class, this::onStartFailed)
                .onMessage(WorkerDone.class, this::onDone)
                .onMessage(WorkerLost.class, this::onLost)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    // --- requests

    private Behavior<Command> onStart(Start m) {
        requests++;
        if (refused(m.replyTo()) || tooLate(m.deadline(), m.replyTo(), "start")) return this;
        shared.add(new Job(nextSeq++, null, new Step.Start(m.request()), new StateHandle(nextHandle++), m.replyTo(),
                System.nanoTime(), 1, m.deadline()));
        dispatch();
        return this;
    }

    private Behavior<Command> onTactic(Tactic m) {
        requests++;
        Binding b = handles.get(m.handle().id());
        if (b == null) {
            m.replyTo().tell(PoolOutcome.failed(PoolErrors.UNKNOWN_HANDLE,
                    m.handle() + " was never made by this pool, or was released"));
            return this;
        }
        if (refused(m.replyTo()) || tooLate(m.deadline(), m.replyTo(), "tactic '" + m.tactic() + "'")) return this;
        Step.Tactic step = new Step.Tactic(m.tactic(), m.timeout() != null ? m.timeout() : settings.tacticTimeout(),
                m.heartbeats() != null ? m.heartbeats() : settings.heartbeats());
        Job job = new Job(nextSeq++, b.path, step, new StateHandle(nextHandle++), m.replyTo(), System.nanoTime(), 1,
                m.deadline());
        Slot home = leastLoadedHolder(b);
        if (home != null) home.queue.add(job);
        else shared.add(job); // no live process holds it: any worker replays it as well as another
        dispatch();
        return this;
    }

    /** The holder of {@code b}'s state that will be free first by queue length; a live one if any. */
    private Slot leastLoadedHolder(Binding b) {
        Slot best = null;
        for (int w = b.holders.nextSetBit(0); w >= 0; w = b.holders.nextSetBit(w + 1)) {
            Slot s = slots.get(w);
            if (best == null || (s.up() && !best.up()) || (s.up() == best.up() && load(s) < load(best))) best = s;
        }
        return best;
    }

    private static int load(Slot s) {
        return s.queue.size() + (s.status == Status.BUSY ? 1 : 0);
    }

    private boolean refused(ActorRef<PoolOutcome> replyTo) {
        if (slots.stream().allMatch(s -> s.status == Status.FAILED)) {
            rejected++;
            replyTo.tell(unavailable());
            return true;
        }
        int queued = queued();
        if (queued >= settings.maxQueue()) {
            rejected++;
            replyTo.tell(PoolOutcome.failed(PoolErrors.OVERLOADED, queued + " requests are already waiting for "
                    + slots.size() + " Lean workers (lean-agent.pool.max-queue = " + settings.maxQueue()
                    + "); try again later"));
            return true;
        }
        return false;
    }

    private boolean tooLate(Long deadline, ActorRef<PoolOutcome> replyTo, String what) {
        if (deadline == null || System.nanoTime() - deadline < 0) return false;
        answered++;
        failures++;
        replyTo.tell(PoolOutcome.failed(PoolErrors.DEADLINE, "the " + what + " arrived after its deadline; not run"));
        return true;
    }

    private PoolOutcome unavailable() {
        return PoolOutcome.failed(PoolErrors.LEAN_UNAVAILABLE, "no Lean process for imports " + imports
                + " could be started (the pool keeps trying): " + lastStartFailure);
    }

    private Behavior<Command> onRelease(Release m) {
        Map<Integer, List<StateHandle>> byWorker = new HashMap<>();
        for (StateHandle h : m.handles()) {
            Binding b = handles.remove(h.id());
            if (b == null) continue;
            for (int w = b.holders.nextSetBit(0); w >= 0; w = b.holders.nextSetBit(w + 1)) {
                byWorker.computeIfAbsent(w, k -> new ArrayList<>()).add(h);
            }
        }
        byWorker.forEach((w, hs) -> slots.get(w).ref.tell(new WorkerActor.Forget(List.copyOf(hs))));
        return this;
    }

    // --- scheduling

    private int queued() {
        int n = shared.size();
        for (Slot s : slots) n += s.queue.size();
        return n;
    }

    /** A request handed to a worker; {@code moved} when it was taken from a busy worker's queue by the cost rule. */
    private record Taken(Job job, boolean moved) {
    }

    private void dispatch() {
        // Every idle worker takes its own or shared work first, so none takes what another idle one would run.
        for (Slot s : slots) if (s.status == Status.IDLE) run(s, next(s, false));
        for (Slot s : slots) if (s.status == Status.IDLE) run(s, next(s, true));
    }

    private void run(Slot s, Taken t) {
        if (t == null) return;
        s.status = Status.BUSY;
        s.inflight = t.job();
        s.inflightMoved = t.moved();
        s.ref.tell(new WorkerActor.Run(t.job()));
    }

    /**
     * The next request for {@code s}, its own or shared ones, or with {@code fromOthers} one of
     * another worker's; answers those whose deadline passed while they waited.
     */
    private Taken next(Slot s, boolean fromOthers) {
        while (true) {
            Taken t = fromOthers ? steal(s) : ownOrShared(s);
            if (t == null || !t.job().expired(System.nanoTime())) return t;
            Job job = t.job();
            answered++;
            failures++;
            latency.add(System.nanoTime() - job.enqueuedNanos());
            job.replyTo().tell(PoolOutcome.failed(PoolErrors.DEADLINE, "the " + job.describe() + " waited "
                    + (System.nanoTime() - job.enqueuedNanos()) / 1_000_000 + " ms for a worker and its deadline "
                    + "passed; not run"));
        }
    }

    private Taken ownOrShared(Slot s) {
        Job own = s.queue.peekFirst();
        Job start = shared.peekFirst();
        if (own != null && (start == null || own.seq() <= start.seq())) return new Taken(s.queue.pollFirst(), false);
        if (start != null) return new Taken(shared.pollFirst(), false);
        return null;
    }

    /**
     * A request {@code thief} (idle, nothing of its own to do) should take from another worker: the
     * oldest of a worker that is restarting, else the one {@link PlacementCosts} gains most by
     * moving off a busy worker (ties: the oldest), or none when every request is better off waiting.
     */
    private Taken steal(Slot thief) {
        Slot stalled = null;
        for (Slot s : slots) {
            if (s != thief && !s.up() && !s.queue.isEmpty() && (stalled == null || s.queue.size() > stalled.queue.size())) {
                stalled = s;
            }
        }
        if (stalled != null) return new Taken(stalled.queue.pollFirst(), false);
        Slot from = null;
        Job best = null;
        double bestGain = 0;
        for (Slot s : slots) {
            if (s == thief || s.queue.isEmpty()) continue;
            int scanned = 0;
            for (Job j : s.queue) {
                if (scanned++ == MOVE_SCAN) break;
                double gain = costs.gainOfMoving(missingSteps(thief, j), s.queue.size());
                if (gain > bestGain || (gain == bestGain && best != null && gain > 0 && j.seq() < best.seq())) {
                    from = s;
                    best = j;
                    bestGain = gain;
                }
            }
        }
        if (best == null) return null;
        from.queue.remove(best);
        return new Taken(best, true);
    }

    /** The steps {@code w} must replay to run {@code job}: its state's path below the deepest state {@code w} holds. */
    private int missingSteps(Slot w, Job job) {
        int steps = 0;
        for (StatePath p = job.target(); p != null; p = p.parent()) {
            Binding b = handles.get(p.handle().id());
            if (b != null && b.holders.get(w.index)) break;
            steps++;
        }
        return steps;
    }

    // --- workers

    private Behavior<Command> onReady(WorkerReady m) {
        Slot s = slots.get(m.index());
        if (s.starts > 0) {
            // A fresh process holds nothing: its states must be replayed wherever they are used next.
            for (Binding b : handles.values()) b.holders.clear(s.index);
            if (s.replacingAfterFault) restarts++;
            s.leanRetired = s.leanRetired.plus(s.leanCurrent);
            s.leanCurrent = LeanTime.NONE;
        }
        s.starts++;
        s.replacingAfterFault = false;
        s.status = Status.IDLE;
        s.pid = m.pid();
        s.residentBytes = m.residentBytes().orElse(0);
        s.processRequests = 0;
        lastStartFailure = null;
        if (settings.workers() == 0 && slots.size() == 1 && s.starts == 1) chooseSize(m.residentBytes());
        dispatch();
        return this;
    }

    private void chooseSize(OptionalLong workerBytes) {
        OptionalLong available = PoolSizing.availableMemory();
        if (available.isPresent() && workerBytes.isPresent()) {
            available = OptionalLong.of(available.getAsLong() + workerBytes.getAsLong());
        }
        PoolSizing.Decision d = PoolSizing.decide(Runtime.getRuntime().availableProcessors(), available, workerBytes,
                settings.memoryReserveMb() << 20, settings.workerGrowth());
        sizing = d.reason();
        getContext().getLog().info("Lean pool for imports {}: {}", imports, sizing);
        for (int i = 1; i < d.workers(); i++) spawnWorker();
    }

    private Behavior<Command> onStartFailed(WorkerStartFailed m) {
        Slot s = slots.get(m.index());
        s.status = Status.FAILED;
        lastStartFailure = m.message();
        if (!TrackedLauncher.CLOSED.equals(m.message())) {
            getContext().getLog().warn("Lean worker {} for imports {} could not start: {}", m.index(), imports,
                    m.message());
        }
        if (slots.stream().noneMatch(Slot::up)) {
            // Nobody can serve what waits: answer now rather than let callers wait for a retry.
            PoolOutcome answer = unavailable();
            List<Job> waiting = new ArrayList<>(shared);
            shared.clear();
            for (Slot o : slots) {
                waiting.addAll(o.queue);
                o.queue.clear();
            }
            rejected += waiting.size();
            waiting.forEach(j -> j.replyTo().tell(answer));
        }
        return this;
    }

    private Behavior<Command> onLost(WorkerLost m) {
        Slot s = slots.get(m.index());
        s.status = Status.STARTING;
        s.replacingAfterFault = true;
        crashes++;
        return this;
    }

    private Behavior<Command> onDone(WorkerDone m) {
        Slot s = slots.get(m.index());
        WorkerActor.WorkResult r = m.result();
        Job job = m.job();
        s.inflight = null;
        boolean wasMoved = s.inflightMoved;
        s.inflightMoved = false;
        s.requests++;
        s.processRequests++;
        s.leanCurrent = r.leanTime();
        if (r.residentBytes() > 0) s.residentBytes = r.residentBytes();
        replayedSteps += r.replayedSteps();
        service.add(r.serviceNanos());
        serviceNanos += r.serviceNanos();
        placed(s, r, wasMoved);
        boolean faulted = r.fault() != WorkerActor.Fault.NONE;
        s.status = faulted || r.recycling() ? Status.STARTING : Status.IDLE;
        s.replacingAfterFault = faulted || s.replacingAfterFault;
        if (r.recycling()) recycles++;
        switch (r.fault()) {
            case NONE, INTERNAL -> answer(s, job, r.outcome());
            case HUNG -> {
                hung++;
                answer(s, job, PoolOutcome.failed(PoolErrors.HUNG, r.outcome().error().message()
                        + "; worker " + s.index + " is starting a fresh Lean process"));
            }
            case CRASHED -> {
                crashes++;
                if (job.attempt() < settings.maxAttempts()) {
                    s.queue.addFirst(job.retry());
                } else {
                    answer(s, job, PoolOutcome.failed(PoolErrors.CRASHED, "the Lean process died during "
                            + job.describe() + " on " + job.attempt() + " fresh processes; the last time: "
                            + r.outcome().error().message()));
                }
            }
        }
        dispatch();
        return this;
    }

    /** Learns the costs of a run and which states it rebuilt on {@code s}. */
    private void placed(Slot s, WorkerActor.WorkResult r, boolean wasMoved) {
        WorkerActor.Replay replay = r.replay();
        if (wasMoved) moved++;
        if (replay.steps() > 0) {
            replays++;
            replayNanos += replay.nanos();
            costs.replayed(replay.steps(), replay.nanos());
        }
        if (r.fault() == WorkerActor.Fault.NONE && !PoolErrors.DEADLINE.equals(kindOf(r.outcome()))) {
            costs.requestServed(r.serviceNanos() - replay.nanos(), r.outcome() instanceof PoolOutcome.Ok);
        }
        if (r.fault() != WorkerActor.Fault.NONE || r.recycling()) return; // the process is gone, and its states
        List<StateHandle> released = new ArrayList<>();
        for (StateHandle h : replay.rebuilt()) {
            Binding b = handles.get(h.id());
            if (b != null) b.holders.set(s.index);
            else released.add(h); // released while it was being rebuilt
        }
        if (!released.isEmpty()) s.ref.tell(new WorkerActor.Forget(List.copyOf(released)));
    }

    private static String kindOf(PoolOutcome o) {
        return o instanceof PoolOutcome.Failed f ? f.error().kind() : null;
    }

    private void answer(Slot s, Job job, PoolOutcome outcome) {
        answered++;
        latency.add(System.nanoTime() - job.enqueuedNanos());
        if (outcome instanceof PoolOutcome.Ok ok) {
            StatePath path = job.step() instanceof Step.Start st
                    ? StatePath.root(job.newHandle(), st, ok.state().canonical())
                    : job.target().child(job.newHandle(), (Step.Tactic) job.step(), ok.state().canonical());
            handles.put(job.newHandle().id(), new Binding(path, s.index));
        } else {
            failures++;
            String kind = kindOf(outcome);
            if ("timeout".equals(kind)) leanTimeouts++;
            if (PoolErrors.REPLAY_FAILED.equals(kind)) replayFailures++;
        }
        job.replyTo().tell(outcome);
    }

    // --- reading and stopping

    private Behavior<Command> onGetStats(GetStats m) {
        int ready = 0, busy = 0;
        LeanTime lean = LeanTime.NONE;
        List<PoolStats.WorkerStats> per = new ArrayList<>();
        for (Slot s : slots) {
            if (s.status == Status.IDLE) ready++;
            if (s.status == Status.BUSY) busy++;
            lean = lean.plus(s.leanRetired).plus(s.leanCurrent);
            per.add(new PoolStats.WorkerStats(s.index, s.status.name().toLowerCase(java.util.Locale.ROOT), s.pid,
                    s.residentBytes, s.requests, s.processRequests));
        }
        m.replyTo().tell(new PoolStats(imports, slots.size(), ready, busy, queued(), requests, answered, failures,
                leanTimeouts, hung, crashes, restarts, recycles, replayedSteps, replayFailures, rejected,
                handles.size(), latency.percentiles(), service.percentiles(), lean, sizing, List.copyOf(per),
                new PoolStats.Placement(replays, moved, replayNanos / 1e6, serviceNanos / 1e6,
                        costs.requestNanos() / 1e6, costs.replayStepNanos() / 1e6)));
        return this;
    }

    private Behavior<Command> onStop() {
        PoolOutcome stopped = PoolOutcome.failed(PoolErrors.STOPPED, "the Lean pool was shut down");
        shared.forEach(j -> j.replyTo().tell(stopped));
        for (Slot s : slots) {
            s.queue.forEach(j -> j.replyTo().tell(stopped));
            if (s.inflight != null) s.inflight.replyTo().tell(stopped);
        }
        return this;
    }
}
