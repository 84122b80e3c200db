package dev.leanagent.agent.prove;

import dev.leanagent.search.ProofResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One theorem's search for callers outside this package (a cluster's {@code lean} node): the same
 * search actor a local run spawns, its found proof checked the same way, its result handed over
 * instead of going to a {@link ProveCoordinator}.
 */
public final class TheoremSearch {

    private TheoremSearch() {
    }

    /** The search's behavior; spawn it, and {@link #cancel} the ref it gets to stop it early (it still reports). */
    public static Behavior<?> behavior(TheoremTask task, SearchRun run, int parallelTactics, Executor blocking,
                                       Consumer<ProofResult> onResult) {
        return SearchActor.forTheorem(task, run, parallelTactics, blocking, onResult);
    }

    /** Stops a search spawned from {@link #behavior} with an error carrying {@code reason}. */
    @SuppressWarnings("unchecked")
    public static void cancel(ActorRef<?> search, String reason) {
        ((ActorRef<SearchActor.Command>) search).tell(new SearchActor.Cancel(reason));
    }
}
