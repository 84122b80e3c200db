package dev.leanagent.agent.serve;

import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.pool.LeanPools;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

import java.util.List;
import java.util.function.Function;

/**
 * Everything the server takes from the rest of the run, in one place: the actor system the HTTP
 * server, the pools and the searches share, the pools of Lean processes, the generator with the
 * run's budgets and checker ({@link SearchRun}), the independent checker for {@code /v1/check},
 * and how to tell which imports Lean cannot find. When the run moves to one guardian owning pools,
 * model service and searches, only the construction of this record changes.
 *
 * @param unresolvedImports the modules of an import list that are not on Lean's path (empty: all found)
 */
public record ServeBackend(LeanPools pools, SearchRun run, ProofChecker checker, FailureCache failures,
                           Function<List<String>, List<String>> unresolvedImports) implements AutoCloseable {

    public ActorSystem<SpawnProtocol.Command> system() {
        return pools.system();
    }

    /** Kills every Lean process, stops the actors, frees the generator's model. */
    @Override
    public void close() throws Exception {
        try {
            pools.close();
        } finally {
            run.close();
        }
    }
}
