package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.ModelServiceConfig;
import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.runtime.Cancellation;
import dev.leanagent.agent.runtime.Interruption;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.serve.ApiServer;
import dev.leanagent.agent.serve.LeanFrontEnd;
import dev.leanagent.agent.serve.ServeBackend;
import dev.leanagent.agent.serve.ServeLimits;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.search.SearchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve suggest / prove / check over HTTP for editor and proof-assistant plugins.",
                "",
                "Routes: POST /v1/suggest, /v1/prove (a stream of JSON lines), /v1/check, /generate (LeanCopilot), "
                        + "/v1/completions (OpenAI); GET /health, /metrics (Prometheus), /lean/lean_agent.lean (the Lean 3 "
                        + "front-end). The contract: agent/src/main/java/dev/leanagent/agent/serve/API.md.",
                "Listens on 127.0.0.1 unless told otherwise; another address needs --token-file. Limits per request "
                        + "and per client: the lean-agent.serve settings (`lean-agent config`). Runs until stopped "
                        + "(Ctrl-C or SIGTERM), then kills every Lean process it started."})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the token clients must send "
            + "as `Authorization: Bearer TOKEN`; required to listen on an address other than loopback.")
    Path tokenFile;

    @Option(names = "--write-lean", paramLabel = "FILE.lean", description = "Write the Lean 3 front-end file "
            + "(tactics lean_agent.suggest and lean_agent.prove) to FILE.lean and exit.")
    Path writeLean;

    @Mixin
    SearchOptions searchOptions;

    @Mixin
    PoolOptions pool;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        if (writeLean != null) {
            if (writeLean.getParent() != null) Files.createDirectories(writeLean.getParent());
            Files.writeString(writeLean, LeanFrontEnd.text(), StandardCharsets.UTF_8);
            System.out.println("wrote " + writeLean + "; add it to your project and see README (Serving plugins)");
            return 0;
        }
        Optional<String> token = token();
        if (port < 0 || port > 65535) throw new UsageException("--port must be 0..65535, not " + port);
        searchOptions.requireAvailableGenerator();
        Config config = global.config();
        ServeLimits limits = ServeLimits.from(config);
        try {
            ApiServer.requireSafeBind(host, token);
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            throw new UsageException(e.getMessage());
        }
        try (ApiServer server = ApiServer.start(backend(searchOptions, pool, global, config), limits, host, port, token)) {
            System.err.println("lean-agent: serving on http://" + server.address().getHostString() + ":"
                    + server.address().getPort() + " (generator " + server.backend().run().generator().name()
                    + (token.isPresent() ? ", token required" : ", no token: loopback only") + "); Ctrl-C stops");
            CountDownLatch stop = new CountDownLatch(1);
            AtomicReference<Cancellation> why = new AtomicReference<>();
            // A signal cancels the running searches (their clients get a cancelled result), then the
            // server closes here, killing Lean before the JVM exits, as prove does.
            try (Interruption signals = Interruption.onSignals(c -> {
                why.set(c);
                server.backend().agent().cancel(c);
                stop.countDown();
            })) {
                stop.await();
            }
            server.close();
            return why.get().exitStatus();
        }
    }

    /**
     * The one place the server (and bench-serve) gets its actor system, pools, generator and
     * checker: the run's one actor system, which the HTTP server shares with the pools, the model
     * service and the searches.
     */
    static ServeBackend backend(SearchOptions searchOptions, PoolOptions pool, GlobalOptions global, Config config)
            throws Exception {
        SearchConfig searchConfig = SearchConfig.from(config);
        SearchSettings search = searchOptions.settings(searchConfig);
        PoolSettings poolSettings = pool.settings(config);
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        // With a library on Lean's path (mathlib), the automation list may propose its tactics.
        AgentSystem agent = env.agent(poolSettings, config);
        SearchRun run;
        try {
            run = searchOptions.run(searchConfig, search, poolSettings, env, !env.settings().path().isEmpty(), agent,
                    ModelServiceConfig.from(config));
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        Optional<String> noWorker = ProofRun.awaitWorkers(agent.pools().pool(java.util.List.of()), agent);
        if (noWorker.isPresent()) {
            agent.close();
            run.close();
            throw new UsageException("no Lean process could start: " + noWorker.get());
        }
        return new ServeBackend(agent, run, env.checker(), new FailureCache(searchConfig.failureCacheSize()),
                env::unresolved);
    }

    private Optional<String> token() {
        if (tokenFile == null) return Optional.empty();
        try {
            String t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (t.length() < 16) throw new UsageException("the token in " + tokenFile + " is shorter than 16 characters");
            return Optional.of(t);
        } catch (IOException e) {
            throw new UsageException("cannot read --token-file " + tokenFile + ": " + e.getMessage());
        }
    }
}
