package dev.leanagent.agent.prove;

import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolErrors;
import dev.leanagent.bridge.pool.PoolOutcome;
import dev.leanagent.bridge.pool.StateHandle;
import dev.leanagent.bridge.repl.Goal;
import dev.leanagent.bridge.repl.ProofState;
import dev.leanagent.bridge.repl.StartRequest;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.ProofEnvironment;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticResult;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The search's proof environment on the Lean pool, bound to one theorem. Failed tactics are
 * remembered in the shared {@link FailureCache}, keyed by the theorem's context, so another
 * search reaching the same state does not ask Lean again.
 */
public final class LeanProofEnvironment implements ProofEnvironment {

    static final long HEARTBEATS_PER_SECOND = 20_000;

    private final LeanPool pool;
    private final StartRequest start;
    private final FailureCache failures;
    private final String contextKey;
    private final TacticCosts costs;
    /** {@link System#nanoTime()} after which the pool should not begin a request, or null. */
    private final Long deadline;

    public LeanProofEnvironment(LeanPool pool, StartRequest start, FailureCache failures) {
        this(pool, start, failures, null);
    }

    /** @param costs where each tactic's time and outcome are recorded, or null */
    public LeanProofEnvironment(LeanPool pool, StartRequest start, FailureCache failures, TacticCosts costs) {
        this(pool, start, failures, costs, null);
    }

    private LeanProofEnvironment(LeanPool pool, StartRequest start, FailureCache failures, TacticCosts costs,
                                 Long deadline) {
        this.costs = costs;
        this.pool = pool;
        this.start = start;
        this.failures = failures;
        this.contextKey = pool.imports() + "\n" + start.context();
        this.deadline = deadline;
    }

    @Override
    public ProofEnvironment withDeadline(long deadline) {
        return new LeanProofEnvironment(pool, start, failures, costs, deadline);
    }

    @Override
    public CompletionStage<TacticResult> start() {
        return (deadline == null ? pool.start(start) : pool.start(start, deadline)).thenApply(LeanProofEnvironment::result);
    }

    @Override
    public CompletionStage<TacticResult> apply(SearchState state, String tactic) {
        return apply(state, new Candidate(tactic, 0));
    }

    /**
     * A candidate with its own limit gets that wall clock and Lean's deterministic count in the
     * same proportion as the defaults (100,000 heartbeats for 5 s, lean-bridge/PROTOCOL.md).
     */
    @Override
    public CompletionStage<TacticResult> apply(SearchState state, Candidate candidate) {
        String tactic = candidate.tactic();
        TacticResult.Failure known = failures.get(contextKey, state.canonical(), tactic);
        if (known != null) return CompletableFuture.completedFuture(known);
        StateHandle handle = (StateHandle) state.handle();
        Duration limit = candidate.limit();
        Long heartbeats = limit == null ? null : Math.max(1000, limit.toMillis() * HEARTBEATS_PER_SECOND / 1000);
        CompletionStage<PoolOutcome> reply;
        if (deadline != null) reply = pool.tactic(handle, tactic, limit, heartbeats, deadline);
        else if (limit == null) reply = pool.tactic(handle, tactic);
        else reply = pool.tactic(handle, tactic, limit, heartbeats);
        long t0 = System.nanoTime();
        return reply.thenApply(o -> {
            // Not run at all: neither a cost of the tactic nor its failure (another search must still try it).
            boolean notRun = !o.ok() && PoolErrors.DEADLINE.equals(o.error().kind());
            if (costs != null && !notRun) {
                costs.record(tactic, (System.nanoTime() - t0) / 1_000_000, o instanceof PoolOutcome.Ok,
                        !(o instanceof PoolOutcome.Ok) && "timeout".equals(o.error().kind()));
            }
            TacticResult r = result(o);
            if (r instanceof TacticResult.Failure f && !notRun) failures.put(contextKey, state.canonical(), tactic, f);
            return r;
        });
    }

    @Override
    public void release(List<SearchState> states) {
        pool.release(states.stream().map(s -> (StateHandle) s.handle()).toList());
    }

    private static TacticResult result(PoolOutcome o) {
        if (o instanceof PoolOutcome.Ok ok) return new TacticResult.Success(state(ok.handle(), ok.state()));
        return new TacticResult.Failure(o.error().kind(), o.error().message());
    }

    static SearchState state(StateHandle handle, ProofState s) {
        List<SearchState.Variable> vars = s.goals().isEmpty() ? List.of()
                : variables(s.goals().get(0));
        String target = s.goals().isEmpty() ? "" : s.goals().get(0).target();
        return new SearchState(handle, s.canonical(), s.pretty(), s.complete(), vars, target, s.goals().size());
    }

    private static List<SearchState.Variable> variables(Goal g) {
        return g.hyps().stream().map(h -> new SearchState.Variable(h.name(), h.type())).toList();
    }
}
