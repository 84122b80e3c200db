package dev.leanagent.agent;

import com.typesafe.config.Config;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.CachingGenerator;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.serve.ServeBackend;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchSettings;

import java.time.Duration;
import java.util.List;

/** A serve backend as `serve` makes it (default settings, automation generator, core Lean), for tests. */
final class ServeTestBackend {

    private ServeTestBackend() {
    }

    static ServeBackend create(LeanToolchain lean, int workers) {
        return create(lean, workers, null);
    }

    /** With {@code checkpoint} (null: none) the generator is that model on the CPU, 4 samples of 12 tokens at most. */
    static ServeBackend create(LeanToolchain lean, int workers, java.nio.file.Path checkpoint) {
        Config config = Settings.load(null, List.of());
        LeanSettings settings = LeanSettings.from(config);
        Sandbox sandbox = Sandbox.detect();
        AgentSystem agent = AgentSystem.start(config, PoolConfig.from(config).withWorkers(workers),
                imports -> () -> ReplProcess.start(lean, sandbox, settings.repl(imports)));
        ProofChecker checker = new ProofChecker(lean, sandbox, List.of(), 4096, Duration.ofMinutes(5));
        SearchSettings search = SearchConfig.from(config).settings();
        dev.leanagent.search.TacticGenerator generator = new CachingGenerator(AutomationGenerator.load(null, false), 10_000);
        if (checkpoint != null) {
            dev.leanagent.model.TacticModel model = dev.leanagent.model.TacticModel.load(checkpoint,
                    new dev.leanagent.model.ModelOptions("cpu", "auto", "internlm2-chat", 0, 2048));
            generator = dev.leanagent.agent.prove.ModelGenerator.shared(agent.startModel(model,
                            dev.leanagent.model.service.ServiceSettings.defaults()),
                    new dev.leanagent.model.generate.GenerationSettings(4, false, 1.0, 0.95, 0, 12, 1), 10_000);
        }
        SearchRun run = new SearchRun(generator, search,
                new ProofVerifier(checker), new ProofResult.Budgets(search.maxExpansions(), 60, search.maxDepth(), 5000,
                100_000), null, null, null, null, null);
        // Core Lean only: any import but the core library's is unknown here.
        return new ServeBackend(agent, run, checker, new FailureCache(100_000), imports -> imports.stream()
                .filter(i -> !i.equals("init")).toList());
    }
}
