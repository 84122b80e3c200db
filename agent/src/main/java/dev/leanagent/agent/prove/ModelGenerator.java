package dev.leanagent.agent.prove;

import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.service.ModelServer;
import dev.leanagent.model.service.ModelService;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The search's tactic port over the model service: a state's pretty text (Lean's ordinary
 * printout, what the model was trained on) is the model's prompt, each suggestion a candidate
 * with its log-prob. Many searches call this at once; the service batches them. The service is
 * this process's ({@link ModelServer#suggest}) or a cluster's model nodes' (through the node's
 * model client).
 */
public final class ModelGenerator implements TacticGenerator {

    /** Where prompts go: a model service's suggest. */
    @FunctionalInterface
    public interface Service {
        CompletionStage<ModelService.Reply> suggest(String prompt, GenerationSettings settings);
    }

    private final Service server;
    private final GenerationSettings settings;

    public ModelGenerator(ModelServer server, GenerationSettings settings) {
        this(server::suggest, settings);
    }

    public ModelGenerator(Service server, GenerationSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * The generator a run uses: identical requests (same canonical state, same settings) that
     * arrive while one is being computed share it, and answers are kept for later searches, as
     * the automation generator's are. The model service's own cache, keyed by prompt text, still
     * serves callers outside a search (suggest, serve).
     */
    public static TacticGenerator shared(ModelServer server, GenerationSettings settings, long maxEntries) {
        return shared(server::suggest, settings, maxEntries);
    }

    /** {@link #shared(ModelServer, GenerationSettings, long)} over any model service. */
    public static TacticGenerator shared(Service server, GenerationSettings settings, long maxEntries) {
        return new CachingGenerator(new ModelGenerator(server, settings), maxEntries);
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        return server.suggest(state.pretty(), settings).thenCompose(reply -> reply.ok()
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
