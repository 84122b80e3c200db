package dev.leanagent.agent.prove;

import dev.leanagent.bridge.pool.LeanPool;
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

    public LeanProofEnvironment(LeanPool pool, StartRequest start, FailureCache failures) {
        this(pool, start, failures, null);
    }

    /** @param costs where each tactic's time and outcome are recorded, or null */
    public LeanProofEnvironment(LeanPool pool, StartRequest start, FailureCache failures, TacticCosts costs) {
        this.costs = costs;
        this.pool = pool;
        this.start = start;
        this.failures = failures;
        this.contextKey = pool.imports() + "\n" + start.context();
    }

    @Override
    public CompletionStage<TacticResult> start() {
        return pool.start(start).thenApply(LeanProofEnvironment::result);
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
        CompletionStage<PoolOutcome> reply = limit == null ? pool.tactic(handle, tactic)
                : pool.tactic(handle, tactic, limit, Math.max(1000, limit.toMillis() * HEARTBEATS_PER_SECOND / 1000));
        long t0 = System.nanoTime();
        return reply.thenApply(o -> {
            if (costs != null) {
                costs.record(tactic, (System.nanoTime() - t0) / 1_000_000, o instanceof PoolOutcome.Ok,
                        !(o instanceof PoolOutcome.Ok) && "timeout".equals(o.error().kind()));
            }
            TacticResult r = result(o);
            if (r instanceof TacticResult.Failure f) failures.put(contextKey, state.canonical(), tactic, f);
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
        return new SearchState(handle, s.canonical(), s.complete(), vars, target, s.goals().size());
    }

    private static List<SearchState.Variable> variables(Goal g) {
        return g.hyps().stream().map(h -> new SearchState.Variable(h.name(), h.type())).toList();
    }
}
