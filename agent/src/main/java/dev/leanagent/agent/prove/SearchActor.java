package dev.leanagent.agent.prove;

import dev.leanagent.search.BestFirstSearch;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchOutcome;
import dev.leanagent.search.SearchStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One theorem's search. The search blocks on Lean and the model, so it runs on the executor
 * given (threads that may block); the actor stays free to be cancelled and reports once.
 */
final class SearchActor {

    sealed interface Command {
    }

    /** Stop the search at its next step (a run shutting down). */
    record Cancel(String reason) implements Command {
    }

    private record Done(ProofResult result, Throwable failure) implements Command {
    }

    private SearchActor() {
    }

    static Behavior<Command> create(TheoremTask task, SearchRun run, ActorRef<ProveCoordinator.Command> parent,
                                    Executor blocking) {
        return Behaviors.setup(ctx -> {
            BestFirstSearch search = new BestFirstSearch(task.environment(),
                    run.generator().forAttempt(task.attempt()).withLemmas(task.earlierLemmas()),
                    run.search());
            ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> searchAndCheck(task, run, search), blocking), Done::new);
            return Behaviors.receive(Command.class)
                    .onMessage(Cancel.class, c -> {
                        search.cancel(SearchStatus.ERROR, c.reason());
                        return Behaviors.same();
                    })
                    .onMessage(Done.class, d -> {
                        ProofResult r = d.result() != null ? d.result()
                                : run.result(task, new SearchOutcome(SearchStatus.ERROR, List.of(),
                                "the search failed: " + d.failure(), 0, 0, 0, 0, 0), false, null);
                        parent.tell(new ProveCoordinator.Finished(r));
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }

    private static ProofResult searchAndCheck(TheoremTask task, SearchRun run, BestFirstSearch search) {
        SearchOutcome o = search.run();
        if (o.status() != SearchStatus.FOUND) return run.result(task, o, false, null);
        Optional<String> refusal = run.verifier().refusal(task.file(), task.theorem(), o.proof());
        return refusal.isEmpty() ? run.result(task, o, true, null) : run.result(task, o, false, refusal.get());
    }
}
