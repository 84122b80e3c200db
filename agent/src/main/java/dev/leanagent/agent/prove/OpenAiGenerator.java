package dev.leanagent.agent.prove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.tokenizer.PromptTemplate;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The search's tactic port over an OpenAI-compatible completions server (LMDeploy, vLLM, or
 * another {@code lean-agent serve}): the state rendered in the prompt template is the prompt,
 * {@code n} completions come back with their token log-probs, and a candidate's log-prob is the
 * sum of its tokens'. Asynchronous (the search never waits on it); a request that times out, or a
 * 429/5xx answer, is retried twice with a growing pause.
 */
public final class OpenAiGenerator implements TacticGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRIES = 2;

    private final HttpClient http;
    private final URI completions;
    private final String apiModel;
    private final PromptTemplate template;
    private final GenerationSettings settings;
    private final String apiKey;
    private final Duration timeout;

    /**
     * @param endpoint the server's base URL ({@code http://host:port}); {@code /v1/completions} is appended
     * @param apiKey   sent as {@code Authorization: Bearer KEY}, or null
     */
    public OpenAiGenerator(URI endpoint, String apiModel, PromptTemplate template, GenerationSettings settings,
                           String apiKey, Duration timeout) {
        String base = endpoint.toString().replaceAll("/+$", "");
        this.completions = URI.create(base.endsWith("/v1") ? base + "/completions" : base + "/v1/completions");
        this.apiModel = apiModel;
        this.template = template;
        this.settings = settings;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        ObjectNode body = JSON.createObjectNode()
                .put("model", apiModel)
                .put("prompt", template.render(state.canonical()))
                .put("n", settings.candidates())
                .put("max_tokens", settings.maxTokens())
                .put("temperature", settings.temperature())
                .put("top_p", settings.topP())
                .put("seed", settings.seed())
                .put("logprobs", 1);
        body.putArray("stop").add("\n").add("<|im_end|>");
        HttpRequest.Builder req = HttpRequest.newBuilder(completions).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) req.header("Authorization", "Bearer " + apiKey);
        return send(req.build(), 0).thenApply(OpenAiGenerator::candidates);
    }

    private CompletableFuture<String> send(HttpRequest req, int attempt) {
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            boolean retry = e != null || r.statusCode() == 429 || r.statusCode() >= 500;
            if (retry && attempt < RETRIES) {
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(500L << attempt, TimeUnit.MILLISECONDS))
                        .thenCompose(x -> send(req, attempt + 1));
            }
            if (e != null) return CompletableFuture.<String>failedFuture(e);
            if (r.statusCode() != 200) {
                return CompletableFuture.<String>failedFuture(new IOException("the completions server at " + completions
                        + " answered " + r.statusCode() + ": " + r.body()));
            }
            return CompletableFuture.completedFuture(r.body());
        }).thenCompose(f -> f);
    }

    /** One candidate per distinct tactic (the best of its samples), best first. */
    static List<Candidate> candidates(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the completions server's answer is not JSON: " + e.getMessage());
        }
        Map<String, Double> best = new LinkedHashMap<>();
        for (JsonNode c : root.path("choices")) {
            String tactic = c.path("text").asText("").strip();
            if (tactic.isEmpty()) continue;
            double logprob = 0;
            for (JsonNode lp : c.path("logprobs").path("token_logprobs")) if (lp.isNumber()) logprob += lp.asDouble();
            best.merge(tactic, logprob, Math::max);
        }
        List<Candidate> out = new ArrayList<>();
        best.forEach((t, lp) -> out.add(new Candidate(t, lp)));
        out.sort((a, b) -> Double.compare(b.logprob(), a.logprob()));
        return out;
    }

    /** Attempt k asks with seed + k - 1, as the local model does. */
    @Override
    public TacticGenerator forAttempt(int attempt) {
        return attempt == 1 ? this : new OpenAiGenerator(URI.create(completions.toString().replace("/v1/completions", "")),
                apiModel, template, settings.withSeed(settings.seed() + attempt - 1), apiKey, timeout);
    }

    @Override
    public String name() {
        return "openai";
    }
}
