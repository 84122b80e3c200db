package dev.leanagent.agent.prove;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** pass@k attempts with the model sample differently, each reproducibly. */
class ModelGeneratorTest {

    @Test
    void eachAttemptSamplesWithItsOwnSeed(@TempDir Path dir) throws Exception {
        Path model = TinyCheckpoints.internlm2(dir.resolve("tiny"), SafetensorsWriter.Type.F32);
        TinyCheckpoints.addTokenizer(model, "ModelGeneratorTest");
        GenerationSettings base = new GenerationSettings(16, false, 1.0, 1.0, 0, 12, 7);
        try (ServiceSystem owned = ServiceSystem.start(TacticModel.load(model, ModelOptions.defaults()),
                ServiceSettings.defaults())) {
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

    private static List<Candidate> suggest(TacticGenerator g, SearchState s) throws Exception {
        return g.suggest(s).toCompletableFuture().get();
    }
}
