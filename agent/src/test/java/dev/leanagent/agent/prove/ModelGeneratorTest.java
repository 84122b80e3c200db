package dev.leanagent.agent.prove;

import dev.leanagent.bridge.pool.StateHandle;
import dev.leanagent.bridge.repl.Goal;
import dev.leanagent.bridge.repl.Hypothesis;
import dev.leanagent.bridge.repl.ProofState;
import dev.leanagent.model.ModelOptions;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.service.ModelServer;
import dev.leanagent.model.service.ServiceSettings;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.ServiceSystem;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The model as the search's generator: its prompt, its seeds per attempt, its shared answers. */
class ModelGeneratorTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void checkpoint() throws Exception {
        model = TinyCheckpoints.internlm2(dir.resolve("tiny"), SafetensorsWriter.Type.F32);
        TinyCheckpoints.addTokenizer(model, "ModelGeneratorTest");
    }

    private static ServiceSystem server() {
        return ServiceSystem.start(TacticModel.load(model, ModelOptions.defaults()), ServiceSettings.defaults());
    }

    @Test
    void eachAttemptSamplesWithItsOwnSeed() throws Exception {
        GenerationSettings base = new GenerationSettings(16, false, 1.0, 1.0, 0, 12, 7);
        try (ServiceSystem owned = server()) {
            ModelServer server = owned.server;
            ModelGenerator gen = new ModelGenerator(server, base);
            assertSame(gen, gen.forAttempt(1));
            SearchState state = new SearchState(null, "n : ℕ\n⊢ n + 0 = n", false, List.of());
            List<Candidate> first = suggest(gen.forAttempt(1), state);
            List<Candidate> second = suggest(gen.forAttempt(2), state);
            assertNotEquals(first, second, "attempt 2 draws other samples");
            assertEquals(second, suggest(new ModelGenerator(server, base.withSeed(8)), state), "attempt 2 is seed + 1");
            assertEquals(first, suggest(gen, state), "and attempt 1 is reproducible");
        }
    }

    @Test
    void thePromptIsThePrettyTextNotTheCanonical() throws Exception {
        GenerationSettings settings = new GenerationSettings(4, false, 1.0, 1.0, 0, 8, 1);
        String pretty = "a b : ℕ,\nh : a = b\n⊢ b = a";
        String canonical = "a b : ℕ, h : a = b ⊢ b = a";
        try (ServiceSystem owned = server()) {
            ModelServer server = owned.server;
            new ModelGenerator(server, settings)
                    .suggest(new SearchState(null, canonical, pretty, false, List.of(), "b = a", 1))
                    .toCompletableFuture().get();
            // The service caches by the text it was asked with: only the pretty text is a hit.
            ModelServer.orThrow(server.suggest(canonical, settings).toCompletableFuture().get());
            assertEquals(0, server.stats().cacheHits(), "the canonical text was never the prompt");
            ModelServer.orThrow(server.suggest(pretty, settings).toCompletableFuture().get());
            assertEquals(1, server.stats().cacheHits(), "the pretty text was the prompt");
        }
    }

    @Test
    void aStateFromTheReplCarriesItsPrettyTextBesideTheCanonical() {
        String pretty = "2 goals\nn : ℕ\n⊢ n + 0 = n\n\nn : ℕ\n⊢ 0 + n = n";
        ProofState repl = new ProofState(3, false, List.of(
                new Goal(List.of(new Hypothesis("n", "ℕ")), "n + 0 = n"),
                new Goal(List.of(new Hypothesis("n", "ℕ")), "0 + n = n")), pretty, "canonical text");
        SearchState s = LeanProofEnvironment.state(new StateHandle(9), repl);
        assertEquals(pretty, s.pretty());
        assertEquals("canonical text", s.canonical());
        assertEquals(2, s.goals());
    }

    @Test
    void concurrentIdenticalRequestsCauseOneModelCall() throws Exception {
        int n = 8;
        GenerationSettings settings = new GenerationSettings(8, false, 1.0, 1.0, 0, 12, 5);
        ExecutorService callers = Executors.newFixedThreadPool(n);
        try (ServiceSystem owned = server()) {
            ModelServer server = owned.server;
            TacticGenerator gen = ModelGenerator.shared(server, settings, 100);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<List<Candidate>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // Each caller is another search: its own handle on a state with the same canonical text.
                SearchState state = new SearchState("search-" + i, "x : ℕ ⊢ x = x", "x : ℕ\n⊢ x = x", false,
                        List.of(), "x = x", 1);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return gen.suggest(state).toCompletableFuture();
                }, callers).thenCompose(f -> f));
            }
            go.countDown();
            List<Candidate> first = answers.get(0).get();
            assertFalse(first.isEmpty());
            for (CompletableFuture<List<Candidate>> a : answers) assertEquals(first, a.get());
            assertEquals(1, server.stats().requests(), "one request reached the model service");

            // Another attempt samples with another seed: a request of its own, then shared by
            // every search of that attempt.
            SearchState state = new SearchState("later", "x : ℕ ⊢ x = x", "x : ℕ\n⊢ x = x", false, List.of(), "x = x", 1);
            suggest(gen.forAttempt(2), state);
            suggest(gen.forAttempt(2), state);
            assertEquals(2, server.stats().requests());
            assertEquals(first, suggest(gen.forAttempt(1), state), "attempt 1's answer is kept");
            assertEquals(2, server.stats().requests());
        } finally {
            callers.shutdownNow();
        }
    }

    private static List<Candidate> suggest(TacticGenerator g, SearchState s) throws Exception {
        return g.suggest(s).toCompletableFuture().get();
    }
}
