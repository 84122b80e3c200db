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
        Config config = Settings.load(null, List.of());
        LeanSettings settings = LeanSettings.from(config);
        Sandbox sandbox = Sandbox.detect();
        AgentSystem agent = AgentSystem.start(config, PoolConfig.from(config).withWorkers(workers),
                imports -> () -> ReplProcess.start(lean, sandbox, settings.repl(imports)));
        ProofChecker checker = new ProofChecker(lean, sandbox, List.of(), 4096, Duration.ofMinutes(5));
        SearchSettings search = SearchConfig.from(config).settings();
        SearchRun run = new SearchRun(new CachingGenerator(AutomationGenerator.load(null, false), 10_000), search,
                new ProofVerifier(checker), new ProofResult.Budgets(search.maxExpansions(), 60, search.maxDepth(), 5000,
                100_000), null, null, null, null, null);
        // Core Lean only: any import but the core library's is unknown here.
        return new ServeBackend(agent, run, checker, new FailureCache(100_000), imports -> imports.stream()
                .filter(i -> !i.equals("init")).toList());
    }
}
