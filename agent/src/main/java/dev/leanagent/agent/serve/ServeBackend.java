package dev.leanagent.agent.serve;

import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.pool.LeanPools;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.List;
import java.util.function.Function;

/**
 * Everything the server takes from the rest of the run, in one place: the run's one actor system
 * ({@link AgentSystem}: the HTTP server, the Lean pools, the model service and the searches share
 * it), the generator with the run's budgets and checker ({@link SearchRun}), the independent
 * checker for {@code /v1/check}, and how to tell which imports Lean cannot find.
 *
 * @param unresolvedImports the modules of an import list that are not on Lean's path (empty: all found)
 */
public record ServeBackend(AgentSystem agent, SearchRun run, ProofChecker checker, FailureCache failures,
                           Function<List<String>, List<String>> unresolvedImports) implements AutoCloseable {

    public ActorSystem<?> system() {
        return agent.system();
    }

    public LeanPools pools() {
        return agent.pools();
    }

    /** Kills every Lean process, stops the actors, frees the generator's model. */
    @Override
    public void close() throws Exception {
        try {
            agent.close();
        } finally {
            run.close();
        }
    }
}
