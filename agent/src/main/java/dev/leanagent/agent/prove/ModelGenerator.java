package dev.leanagent.agent.prove;

import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.service.ModelServer;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The search's tactic port over the model service: a state's canonical text is the model's
 * prompt, each suggestion a candidate with its log-prob. Many searches call this at once; the
 * service batches them.
 */
public final class ModelGenerator implements TacticGenerator {
    private final ModelServer server;
    private final GenerationSettings settings;

    public ModelGenerator(ModelServer server, GenerationSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        return server.suggest(state.canonical(), settings).thenCompose(reply -> reply.ok()
                ? CompletableFuture.completedFuture(reply.suggestions().stream()
                        .map(s -> new Candidate(s.tactic(), s.logprob())).toList())
                : CompletableFuture.failedFuture(new IllegalStateException(reply.error())));
    }

    /** Attempt k samples with seed + k - 1: attempts differ, and each is reproducible on its own. */
    @Override
    public TacticGenerator forAttempt(int attempt) {
        return attempt == 1 ? this : new ModelGenerator(server, settings.withSeed(settings.seed() + attempt - 1));
    }

    @Override
    public String name() {
        return "model";
    }
}
