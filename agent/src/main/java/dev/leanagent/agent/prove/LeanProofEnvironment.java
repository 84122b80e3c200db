package dev.leanagent.agent.prove;

import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolOutcome;
import dev.leanagent.bridge.pool.StateHandle;
import dev.leanagent.bridge.repl.Goal;
import dev.leanagent.bridge.repl.ProofState;
import dev.leanagent.bridge.repl.StartRequest;
import dev.leanagent.search.ProofEnvironment;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The search's proof environment on the Lean pool, bound to one theorem. Failed tactics are
 * remembered in the shared {@link FailureCache}, keyed by the theorem's context, so another
 * search reaching the same state does not ask Lean again.
 */
public final class LeanProofEnvironment implements ProofEnvironment {

    private final LeanPool pool;
    private final StartRequest start;
    private final FailureCache failures;
    private final String contextKey;

    public LeanProofEnvironment(LeanPool pool, StartRequest start, FailureCache failures) {
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
        TacticResult.Failure known = failures.get(contextKey, state.canonical(), tactic);
        if (known != null) return CompletableFuture.completedFuture(known);
        return pool.tactic((StateHandle) state.handle(), tactic).thenApply(o -> {
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
        return new SearchState(handle, s.canonical(), s.complete(), vars);
    }

    private static List<SearchState.Variable> variables(Goal g) {
        return g.hyps().stream().map(h -> new SearchState.Variable(h.name(), h.type())).toList();
    }
}
