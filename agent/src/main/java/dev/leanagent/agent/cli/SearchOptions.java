package dev.leanagent.agent.cli;

import dev.leanagent.agent.SearchConfig;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.cluster.Protocol;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.CachingGenerator;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.trace.TraceDirectory;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.TacticGenerator;
import dev.leanagent.agent.prove.ModelGenerator;
import dev.leanagent.agent.prove.OpenAiGenerator;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.service.ModelServer;
import dev.leanagent.model.service.ServiceSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The search options `prove` and `bench minif2f` share, and the run they make. */
public final class SearchOptions {

    @Option(names = "--generator", paramLabel = "KIND", description = "automation (default), model, or openai "
            + "(an OpenAI-compatible completions server: --endpoint).")
    String generator = "automation";

    @Option(names = "--endpoint", paramLabel = "URL", description = "With --generator openai: the completions server, "
            + "e.g. http://127.0.0.1:23333 (LMDeploy, vLLM, lean-agent serve); its key from $OPENAI_API_KEY.")
    java.net.URI endpoint;

    @Option(names = "--api-model", paramLabel = "NAME", description = "With --generator openai: the model name to ask "
            + "for (default: lean-agent).")
    String apiModel = "lean-agent";

    @Option(names = "--expansions", paramLabel = "N", description = "States expanded per theorem (default: search.expansions = 100).")
    Integer expansions;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall time per theorem: seconds (90, 1.5) or 90s, 10m (default: search.timeout = 600s).")
    Duration timeout;

    @Option(names = "--concurrency", paramLabel = "K", description = "Theorems searched at once (default: search.concurrency).")
    Integer concurrency;

    @Option(names = "--parallel-tactics", paramLabel = "N", description = "Tactics of one search in flight at once; "
            + "1 is the sequential search (default: search.parallel-tactics = auto, one per Lean worker).")
    Integer parallelTactics;

    @Option(names = "--trace", paramLabel = "DIR", description = "Write each search's tree to DIR, one JSON-lines file per "
            + "theorem and attempt (format: search/TRACES.md; training pairs from them: export-pairs).")
    Path trace;

    /** Listed after the core options, under their own heading: they mean nothing without a model. */
    @ArgGroup(validate = false, order = 100, heading = "%nModel options (only with --generator model):%n")
    ModelOptions modelOptions = new ModelOptions();

    static final class ModelOptions {
        @ArgGroup(validate = false, order = 1)
        ModelArgs model = new ModelArgs();

        @ArgGroup(validate = false, order = 2)
        GenerationArgs generation = new GenerationArgs();
    }

    void requireAvailableGenerator() {
        requireAvailableGenerator(false);
    }

    /** @param cluster a cluster's coordinator: the model is the model nodes', so --model is not given here */
    void requireAvailableGenerator(boolean cluster) {
        if (!generator.equals("automation") && !generator.equals("model") && !generator.equals("openai")) {
            throw new UsageException("--generator must be automation, model or openai, not " + generator);
        }
        if (generator.equals("openai") && endpoint == null) {
            throw new UsageException("--generator openai needs --endpoint URL (an OpenAI-compatible completions server)");
        }
        if (cluster && modelOptions.model.given()) {
            throw new UsageException("--model is for a local run: on a cluster the model nodes load the model "
                    + "(`lean-agent node --role model --model DIR ...`); give --generator model without --model");
        }
        if (!cluster && generator.equals("model") && !modelOptions.model.given()) {
            throw new UsageException("--generator model needs --model DIR (a Hugging Face checkpoint directory, "
                    + "e.g. internlm/internlm2-math-7b; see README, 'The tactic model')");
        }
    }

    SearchSettings settings(SearchConfig config) {
        SearchSettings s = config.settings();
        try {
            if (parallelTactics != null && parallelTactics < 1) {
                throw new UsageException("--parallel-tactics must be at least 1, not " + parallelTactics);
            }
            return s.withBudgets(expansions != null ? expansions : s.maxExpansions(), timeout != null ? timeout : s.timeout())
                    .withParallelTactics(parallelTactics != null ? parallelTactics : s.parallelTactics());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Twice the workers by default: a search spends most of its time waiting on Lean. */
    int concurrency(SearchConfig config, PoolSettings pool) {
        int workers = pool.workers() > 0 ? pool.workers() : Runtime.getRuntime().availableProcessors();
        int k = concurrency != null ? concurrency : config.concurrency().orElse(2 * workers);
        if (k < 1) throw new UsageException("--concurrency must be at least 1, not " + k);
        return k;
    }

    /** The run's generator and budgets; the model service, with a model, is started in {@code agent}'s system. */
    SearchRun run(SearchConfig config, SearchSettings search, PoolSettings pool, LeanEnvironment env, boolean mathlib,
                  AgentSystem agent, ServiceSettings service) {
        TraceDirectory traces = trace == null ? null : TraceDirectory.create(trace); // before a model is loaded
        ProofVerifier verifier = new ProofVerifier(env.checker());
        ProofResult.Budgets budgets = budgets(search, pool);
        if (generator.equals("model")) {
            GenerationSettings settings = modelOptions.generation.settings();
            TacticModel m = modelOptions.model.load();
            System.err.println("lean-agent: model " + m.id() + " (" + m.describe() + "), template " + m.templateName());
            ModelServer server = agent.startModel(m, service); // the agent's system frees it when closed
            return new SearchRun(ModelGenerator.shared(server, settings, 10_000), search, verifier, budgets, m.id(),
                    m.describe(), m.templateName(), settings.seed(), null).withTraces(traces);
        }
        if (generator.equals("openai")) {
            GenerationSettings settings = modelOptions.generation.settings();
            String template = modelOptions.model.template;
            TacticGenerator gen = openAi(endpoint, apiModel, template, settings);
            return new SearchRun(gen, search, verifier, budgets, apiModel, "openai " + endpoint, template,
                    settings.seed(), null).withTraces(traces);
        }
        return automationRun(AutomationGenerator.load(config.automationTactics(), mathlib), search, verifier, budgets)
                .withTraces(traces);
    }

    /** The budgets a result line records. */
    static ProofResult.Budgets budgets(SearchSettings search, PoolSettings pool) {
        return new ProofResult.Budgets(search.maxExpansions(), search.timeout().toMillis() / 1000.0, search.maxDepth(),
                pool.tacticTimeout().toMillis(), pool.heartbeats());
    }

    /** A run of the automation generator (answers kept across the run's searches). */
    static SearchRun automationRun(AutomationGenerator automation, SearchSettings search, ProofVerifier verifier,
                                   ProofResult.Budgets budgets) {
        TacticGenerator gen = new CachingGenerator(automation, 100_000);
        return new SearchRun(gen, search, verifier, budgets, null, null, null, null, null);
    }

    /**
     * What a cluster's nodes need to run this run's searches as a local run would; for --generator
     * model, the model is the one the cluster's model nodes serve, asked through the coordinator's
     * {@code agent} (waiting up to {@code modelWait} for a model node).
     */
    Protocol.RunSpec clusterSpec(SearchConfig config, SearchSettings search, AgentSystem agent, Duration modelWait)
            throws Exception {
        String tactics = null;
        if (config.automationTactics() != null) {
            try {
                tactics = java.nio.file.Files.readString(config.automationTactics());
            } catch (java.io.IOException e) {
                throw new UsageException("automation tactic list not readable: " + config.automationTactics() + ": " + e.getMessage());
            }
        }
        Protocol.ModelSpec model = null;
        if (generator.equals("model")) {
            Protocol.ModelInfo info = dev.leanagent.agent.cluster.ClusterRun.discoverModel(agent, modelWait);
            System.err.println("lean-agent: the cluster's model nodes serve " + info.id() + " (" + info.description()
                    + "), template " + info.template());
            model = new Protocol.ModelSpec(info.id(), info.description(), info.template(),
                    modelOptions.generation.settings(), null);
        } else if (generator.equals("openai")) {
            model = new Protocol.ModelSpec(apiModel, "openai " + endpoint, modelOptions.model.template,
                    modelOptions.generation.settings(), endpoint.toString());
        }
        return new Protocol.RunSpec(generator, search, tactics, model);
    }

    /** The search of an OpenAI-compatible completions server, its key from $OPENAI_API_KEY of this machine. */
    static TacticGenerator openAi(java.net.URI endpoint, String apiModel, String template, GenerationSettings settings) {
        return new OpenAiGenerator(endpoint, apiModel, dev.leanagent.model.tokenizer.PromptTemplates.byName(template),
                settings, System.getenv("OPENAI_API_KEY"), Duration.ofSeconds(120));
    }
}
