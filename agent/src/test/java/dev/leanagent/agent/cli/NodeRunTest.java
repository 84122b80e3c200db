package dev.leanagent.agent.cli;

import dev.leanagent.agent.cluster.Protocol;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.search.SearchSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a lean node makes of a coordinator's run spec for the generators that are not exercised
 * over a real cluster in the tests (the model run is: ClusterModelTest): the result lines must name
 * the same model, template and seed as the coordinator's local run would.
 */
class NodeRunTest {

    @Test
    void anOpenAiSpecBecomesARunOfThatServerNamedAsALocalOpenAiRun() throws Exception {
        GenerationSettings sampling = GenerationSettings.defaults().withSeed(3);
        Protocol.RunSpec spec = new Protocol.RunSpec("openai", SearchSettings.defaults(), null,
                new Protocol.ModelSpec("internlm2-math", "openai http://10.0.0.7:23333", "fewshot", sampling,
                        "http://10.0.0.7:23333"));
        try (SearchRun run = NodeCommand.run(spec, false, null, PoolSettings.defaults(), null)) {
            assertEquals("openai", run.generator().name());
            assertEquals("internlm2-math", run.model());
            assertEquals("openai http://10.0.0.7:23333", run.modelDescription());
            assertEquals("fewshot", run.template());
            assertEquals(3L, run.seed());
        }
    }

    @Test
    void aModelSpecNamesTheModelNodesModelAndTheCoordinatorsSampling() throws Exception {
        GenerationSettings sampling = new GenerationSettings(32, false, 1.0, 0.95, 0, 64, 11);
        Protocol.RunSpec spec = new Protocol.RunSpec("model", SearchSettings.defaults(), null,
                new Protocol.ModelSpec("internlm2-math-7b", "cuda:0 bfloat16", "internlm2-chat", sampling, null));
        try (SearchRun run = NodeCommand.run(spec, false, null, PoolSettings.defaults(), null)) {
            assertEquals("model", run.generator().name());
            assertEquals("internlm2-math-7b", run.model());
            assertEquals("internlm2-chat", run.template());
            assertEquals(11L, run.seed());
        }
    }
}
