package dev.leanagent.model.service;

import dev.leanagent.model.ModelOptions;
import dev.leanagent.model.Suggestion;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.ServiceSystem;
import dev.leanagent.model.testing.TinyCheckpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dynamic batching changes nothing but the number of forward passes; repeats come from the cache. */
class ModelServiceTest {
    @TempDir
    Path tmp;

    /** Same tactics in the same order; log-probs equal up to float rounding of other batch shapes. */
    static void assertSame(List<Suggestion> expected, List<Suggestion> actual, String what) {
        assertEquals(expected.stream().map(Suggestion::tactic).toList(), actual.stream().map(Suggestion::tactic).toList(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).logprob(), actual.get(i).logprob(), 1e-4, what);
        }
    }

    @Test
    void concurrentRequestsAreBatchedAndAnsweredAsAlone() throws Exception {
        Path dir = TinyCheckpoints.internlm2(tmp.resolve("m"), SafetensorsWriter.Type.F32);
        TinyCheckpoints.addTokenizer(dir, "ModelServiceTest");
        // All of the tiny random model's 92,544 nearly equal probabilities: another batch shape's float
        // rounding reorders them, which once made a sorted cumulative draw pick another token (seen
        // under load); the sampler's race keyed by token id must not care. (No top-p: rounding could
        // move a token across the nucleus's edge.)
        GenerationSettings settings = new GenerationSettings(4, false, 1.0, 1.0, 0, 10, 0);
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            states.add("n : ℕ,\nh : " + i + " < n\n⊢ " + i + " + 1 ≤ n");
        }
        List<List<Suggestion>> alone = new ArrayList<>();
        try (TacticModel direct = TacticModel.load(dir, ModelOptions.defaults().withDevice("cpu"))) {
            for (int i = 0; i < states.size(); i++) {
                alone.add(direct.suggest(states.get(i), settings.withSeed(i)));
            }
        }
        ServiceSettings service = new ServiceSettings(1_000_000, Duration.ofMillis(200), 1000, Duration.ofMinutes(2));
        try (ServiceSystem owned = ServiceSystem.start(TacticModel.load(dir, ModelOptions.defaults().withDevice("cpu")), service)) {
            ModelServer server = owned.server;
            List<CompletableFuture<ModelService.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < states.size(); i++) {
                replies.add(server.suggest(states.get(i), settings.withSeed(i)).toCompletableFuture());
            }
            for (int i = 0; i < states.size(); i++) {
                assertSame(alone.get(i), ModelServer.orThrow(replies.get(i).join()), "state " + i);
            }
            ServiceStats stats = server.stats();
            assertEquals(8, stats.requests());
            assertTrue(stats.batches() < 8, "8 requests sent together ran in " + stats.batches() + " batches");

            List<Suggestion> again = ModelServer.orThrow(server.suggest(states.get(3), settings.withSeed(3)).toCompletableFuture().join());
            assertEquals(ModelServer.orThrow(replies.get(3).join()), again, "the cached answer itself");
            assertEquals(1, server.stats().cacheHits());

            ModelService.Reply scored = server.score(states.get(0), List.of("omega", "simp")).toCompletableFuture().join();
            assertEquals(List.of("omega", "simp"), scored.suggestions().stream().map(Suggestion::tactic).toList());
        }
    }
}
