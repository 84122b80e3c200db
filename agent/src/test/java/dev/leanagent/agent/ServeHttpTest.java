package dev.leanagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.leanagent.agent.prove.AutomationGenerator;
import dev.leanagent.agent.prove.CachingGenerator;
import dev.leanagent.agent.prove.FailureCache;
import dev.leanagent.agent.prove.ProofVerifier;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.agent.prove.OpenAiGenerator;
import dev.leanagent.agent.serve.ApiServer;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.tokenizer.PromptTemplates;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.agent.serve.ServeBackend;
import dev.leanagent.agent.serve.ServeLimits;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.pool.LeanPools;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `serve` over HTTP on a real ephemeral port, with java.net.http as the client and real sandboxed Lean. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeHttpTest {

    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Not provable by the automation list: a search of it runs until its budget or a cancel. */
    private static final String HARD = "(a b : ℕ) (h : a * a = 2 * b * b) (hb : 0 < b) : false";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private LeanToolchain lean;
    private ApiServer server;
    private String base;

    @BeforeAll
    void start() throws Exception {
        lean = LeanTests.toolchainOrSkip("serve HTTP tests");
        server = ApiServer.start(backend(2), limits().withSearches(64, 64), "127.0.0.1", 0, Optional.of(TOKEN));
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private ServeLimits limits() {
        return ServeLimits.from(Settings.load(null, List.of("serve.max-body-bytes=65536")));
    }

    private ServeBackend backend(int workers) {
        return ServeTestBackend.create(lean, workers);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(base, path, body, TOKEN);
    }

    private HttpResponse<String> post(String at, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(at + path)).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofMinutes(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String body(Object o) throws Exception {
        return JSON.writeValueAsString(o);
    }

    private static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(50);
        }
    }

    private int leanRequestsRunning(String at) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(at + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return json(r).get("searches_running").asInt();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- routes ----------------------------------------------------------------------------

    @Test
    void healthNeedsNoTokenAndNamesTheGenerator() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("ok", json(r).get("status").asText());
        assertEquals("automation", json(r).get("generator").asText());
    }

    @Test
    void suggestFromStateTextAlone() throws Exception {
        HttpResponse<String> r = post("/v1/suggest", body(java.util.Map.of("state", "n : ℕ\n⊢ n + 0 = n", "num", 8)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode cs = json(r).get("candidates");
        assertTrue(cs.size() > 0 && cs.size() <= 8, r.body());
        for (JsonNode c : cs) {
            assertTrue(c.get("logprob").isNumber());
            assertFalse(c.has("status"), "nothing was run without a statement");
        }
    }

    @Test
    void suggestWithStatementRunsEachCandidateInLean() throws Exception {
        HttpResponse<String> r = post("/v1/suggest", body(java.util.Map.of("statement", "(n : ℕ) : n + 0 = n", "num", 16)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode cs = json(r).get("candidates");
        assertEquals("closes_goal", cs.get(0).get("status").asText(), r.body());
        boolean anyError = false;
        for (JsonNode c : cs) anyError |= c.get("status").asText().equals("error") && c.has("error");
        assertTrue(anyError || cs.size() < 16, "some candidate fails on this goal: " + r.body());
    }

    @Test
    void suggestAfterTheProofSoFar() throws Exception {
        HttpResponse<String> r = post("/v1/suggest", body(java.util.Map.of("statement", "∀ p q : Prop, p ∧ q → q ∧ p",
                "tactics", List.of("intros p q h"), "num", 16)));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(json(r).get("state").asText().contains("h : p ∧ q"), r.body());
    }

    @Test
    void proveStreamsProgressAndTheCheckedProof() throws Exception {
        HttpResponse<String> r = post("/v1/prove", body(java.util.Map.of("statement", "2 + 2 = 4", "expansions", 20,
                "timeout_s", 60)));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        List<String> lines = r.body().lines().toList();
        assertEquals("started", JSON.readTree(lines.get(0)).get("event").asText());
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("result", last.get("event").asText());
        assertEquals("proved", last.get("status").asText(), r.body());
        assertTrue(last.get("checked").asBoolean());
        assertFalse(last.get("proof").isEmpty());
    }

    @Test
    void proveReportsTheDeepestStateReached() throws Exception {
        HttpResponse<String> r = post("/v1/prove", body(java.util.Map.of("statement", "∀ p q : Prop, p ∨ q → q ∨ p",
                "expansions", 30, "timeout_s", 60)));
        assertEquals(200, r.statusCode(), r.body());
        List<String> lines = r.body().lines().toList();
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("result", last.get("event").asText(), r.body());
        assertEquals("proved", last.get("status").asText(), r.body());
        // no one tactic of the automation closes it, so the search went below the root
        assertTrue(last.get("best_depth").asInt() >= 1, r.body());
        for (String line : lines) {
            JsonNode e = JSON.readTree(line);
            if (e.get("event").asText().equals("progress")) {
                assertTrue(e.get("best_depth").asInt() <= last.get("best_depth").asInt(), r.body());
            }
        }
    }

    @Test
    void proveATheoremOfAWholeFile() throws Exception {
        String file = "theorem helper (p : Prop) (h : p) : p := h\n\ntheorem target (q : Prop) (hq : q) : q ∧ q :=\nbegin\n  sorry\nend\n";
        HttpResponse<String> r = post("/v1/prove", body(java.util.Map.of("file", file, "theorem", "target",
                "expansions", 30, "timeout_s", 60)));
        assertEquals(200, r.statusCode(), r.body());
        List<String> lines = r.body().lines().toList();
        assertEquals("proved", JSON.readTree(lines.get(lines.size() - 1)).get("status").asText(), r.body());
    }

    @Test
    void checkJudgesEachDeclaration() throws Exception {
        String file = "theorem good : 1 + 1 = 2 := rfl\n\ntheorem bad : 2 + 2 = 5 := sorry\n";
        HttpResponse<String> r = post("/v1/check", body(java.util.Map.of("file", file)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertFalse(j.get("ok").asBoolean());
        assertEquals("good", j.get("declarations").get(0).get("name").asText());
        assertTrue(j.get("declarations").get(0).get("ok").asBoolean());
        assertFalse(j.get("declarations").get(1).get("ok").asBoolean());
        assertTrue(j.get("declarations").get(1).get("reason").asText().contains("sorry"), r.body());
    }

    /** LeanCopilot's published request: {name, input, prefix} → {outputs: [{output, score}]}. */
    @Test
    void leanCopilotGenerate() throws Exception {
        HttpResponse<String> r = post("/generate", "{\"name\": \"wellecks/llmstep-mathlib4-pythia2.8b\", "
                + "\"input\": \"n : ℕ\\n⊢ n + 0 = n\", \"prefix\": \"\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode outs = json(r).get("outputs");
        assertTrue(outs.size() > 0);
        assertTrue(outs.get(0).get("output").isTextual() && outs.get(0).get("score").isNumber(), r.body());
        HttpResponse<String> p = post("/generate", "{\"name\": \"m\", \"input\": \"n : ℕ\\n⊢ n + 0 = n\", \"prefix\": \"si\"}");
        assertEquals(200, p.statusCode());
        assertTrue(json(p).get("outputs").size() > 0, p.body());
        for (JsonNode o : json(p).get("outputs")) assertTrue(o.get("output").asText().startsWith("si"), p.body());
    }

    /** OpenAI's completions request as its client libraries send it, with logprobs. */
    @Test
    void openAiCompletions() throws Exception {
        String prompt = "<|im_start|>user\\nGiven the Lean 3 tactic state, suggest a next tactic:\\nn : ℕ\\n⊢ n + 0 = n"
                + "<|im_end|>\\n<|im_start|>assistant\\n";
        HttpResponse<String> r = post("/v1/completions", "{\"model\": \"lean-agent\", \"prompt\": \"" + prompt + "\", "
                + "\"max_tokens\": 64, \"n\": 4, \"temperature\": 1.0, \"logprobs\": 1, \"stop\": [\"\\n\"]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertEquals("text_completion", j.get("object").asText());
        assertEquals(4, j.get("choices").size(), r.body());
        JsonNode c = j.get("choices").get(0);
        assertEquals(0, c.get("index").asInt());
        assertTrue(c.get("logprobs").get("token_logprobs").get(0).isNumber(), r.body());
        assertEquals(c.get("text").asText(), c.get("logprobs").get("tokens").get(0).asText());
        assertTrue(j.get("usage").has("total_tokens"));
    }

    /** The openai generator against this server's own /v1/completions: the same candidates as /v1/suggest. */
    @Test
    void openAiGeneratorReadsThisServersCompletions() throws Exception {
        String text = "n : ℕ\n⊢ n + 0 = n";
        OpenAiGenerator g = new OpenAiGenerator(URI.create(base), "lean-agent", PromptTemplates.byName("internlm2-chat"),
                new GenerationSettings(4, false, 1.0, 0.95, 0, 64, 7), TOKEN, Duration.ofSeconds(30));
        List<Candidate> got = g.suggest(new SearchState(null, text, false, List.of(new SearchState.Variable("n", "ℕ")),
                "n + 0 = n", 1)).toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        JsonNode direct = json(post("/v1/suggest", body(java.util.Map.of("state", text, "num", 4)))).get("candidates");
        assertEquals(direct.size(), got.size(), got.toString());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(direct.get(i).get("tactic").asText(), got.get(i).tactic());
            assertEquals(direct.get(i).get("logprob").asDouble(), got.get(i).logprob(), 1e-9);
        }
        OpenAiGenerator wrongKey = new OpenAiGenerator(URI.create(base + "/v1"), "lean-agent",
                PromptTemplates.byName("gptf"), new GenerationSettings(4, false, 1.0, 0.95, 0, 64, 7), "wrong",
                Duration.ofSeconds(30));
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class, () ->
                wrongKey.suggest(new SearchState(null, text, false, List.of())).toCompletableFuture().get(60,
                        java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("401"), e.getCause().getMessage());
    }

    @Test
    void metricsInPrometheusTextFormat() throws Exception {
        post("/v1/suggest", body(java.util.Map.of("state", "⊢ true")));
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        assertTrue(r.body().contains("lean_agent_http_requests_total{route=\"/v1/suggest\",status=\"200\"}"), r.body());
        assertTrue(r.body().contains("# TYPE lean_agent_http_request_seconds histogram"), r.body());
        assertTrue(r.body().contains("lean_agent_lean_workers{"), r.body());
        assertFalse(r.body().contains("lean_agent_model_"), "no model, no model service figures: " + r.body());
    }

    @Test
    void leanFrontEndFile() throws Exception {
        HttpResponse<String> r = get("/lean/lean_agent.lean");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("lean_agent"), r.body());
    }

    // ---- errors ----------------------------------------------------------------------------

    @Test
    void errorsAreJsonWithAKind() throws Exception {
        HttpResponse<String> malformed = post("/v1/suggest", "{\"state\": ");
        assertEquals(400, malformed.statusCode());
        assertEquals("malformed_json", json(malformed).get("error").get("kind").asText());

        HttpResponse<String> big = post("/v1/check", body(java.util.Map.of("file", "-- " + "x".repeat(70_000))));
        assertEquals(413, big.statusCode());
        assertEquals("too_large", json(big).get("error").get("kind").asText());

        HttpResponse<String> wrong = post(base, "/v1/suggest", "{\"state\": \"⊢ true\"}", TOKEN + "x");
        assertEquals(401, wrong.statusCode());
        assertEquals("unauthorized", json(wrong).get("error").get("kind").asText());
        assertEquals(401, post(base, "/v1/suggest", "{\"state\": \"⊢ true\"}", null).statusCode());

        HttpResponse<String> budget = post("/v1/prove", body(java.util.Map.of("statement", "true", "timeout_s", 36000)));
        assertEquals(400, budget.statusCode());
        assertEquals("budget_too_large", json(budget).get("error").get("kind").asText());

        assertEquals("not_found", json(post("/v1/nothing", "{}")).get("error").get("kind").asText());
        assertEquals(405, get("/v1/suggest").statusCode());
        HttpResponse<String> escape = post("/v1/prove", body(java.util.Map.of("statement", "true := trivial\n\ntheorem x : false")));
        assertEquals(400, escape.statusCode(), escape.body());
    }

    @Test
    void refusesAnotherAddressWithoutAToken() {
        assertThrows(IllegalArgumentException.class, () -> ApiServer.requireSafeBind("0.0.0.0", Optional.empty()));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> ApiServer.requireSafeBind("127.0.0.1", Optional.empty()));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> ApiServer.requireSafeBind("0.0.0.0", Optional.of(TOKEN)));
    }

    // ---- safety ----------------------------------------------------------------------------

    /** A tactic in a request that reads a host file gets no byte of it back, on every route that runs Lean. */
    @Test
    void aTacticReadingAHostFileGetsNothingBack() throws Exception {
        Path secret = Path.of("target", "serve-secret-" + UUID.randomUUID() + ".txt").toAbsolutePath();
        String content = "SECRET-" + UUID.randomUUID();
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, content);
        try {
            String evil = "tactic.unsafe_run_io (io.fs.read_file \"" + secret + "\") >>= λ s, (tactic.fail s.to_string : tactic unit)";
            HttpResponse<String> s = post("/v1/suggest", body(java.util.Map.of("statement", "true", "tactics", List.of(evil))));
            assertEquals(422, s.statusCode(), s.body());
            assertFalse(s.body().contains(content), s.body());

            HttpResponse<String> p = post("/v1/prove", body(java.util.Map.of("context",
                    "lemma evil : true :=\nbegin\n  " + evil + "\nend", "statement", "true", "expansions", 5, "timeout_s", 30)));
            assertFalse(p.body().contains(content), p.body());

            HttpResponse<String> c = post("/v1/check", body(java.util.Map.of("file",
                    "theorem evil : true :=\nbegin\n  " + evil + "\nend\n")));
            assertEquals(200, c.statusCode(), c.body());
            assertFalse(json(c).get("ok").asBoolean(), c.body());
            assertFalse(c.body().contains(content), c.body());
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    // ---- load, cancellation, shutdown ------------------------------------------------------

    @Test
    void fiftyConcurrentClients() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int k = i;
                Callable<String> call = () -> {
                    HttpResponse<String> r = switch (k % 5) {
                        case 0 -> post("/v1/suggest", body(java.util.Map.of("statement", "(n : ℕ) : 0 + n = n", "num", 4)));
                        case 1 -> post("/generate", "{\"name\": \"m\", \"input\": \"n : ℕ\\n⊢ n * 1 = n\", \"prefix\": \"\"}");
                        case 2 -> post("/v1/completions", "{\"model\": \"m\", \"prompt\": \"⊢ 1 < 2\", \"n\": 2}");
                        default -> post("/v1/suggest", body(java.util.Map.of("state", "x : ℕ\n⊢ x ≤ x + " + k)));
                    };
                    assertEquals(200, r.statusCode(), r.body());
                    return r.body();
                };
                replies.add(pool.submit(call));
            }
            for (Future<String> f : replies) assertFalse(f.get().isEmpty());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClientThatGoesAwayCancelsItsSearch() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/prove")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body(java.util.Map.of("statement", HARD, "expansions", 2000,
                        "timeout_s", 280)))).build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        assertEquals("started", JSON.readTree(in.readLine()).get("event").asText());
        assertEquals("progress", JSON.readTree(in.readLine()).get("event").asText());
        assertEquals(1, leanRequestsRunning(base));
        in.close();
        await(() -> leanRequestsRunning(base) == 0, Duration.ofSeconds(30), "the search ends when its client has gone");
        assertTrue(get("/metrics").body().contains("lean_agent_searches_cancelled_total 1.0"));
    }

    @Test
    void limitsAndShutdownMidSearchLeaveNoLeanProcess() throws Exception {
        // The class's own server runs Lean too: only processes that appear with this one are its.
        await(() -> leanProcesses().size() >= 2, Duration.ofSeconds(60), "the class's server has its workers");
        List<Long> before = leanProcesses();
        ApiServer small = ApiServer.start(backend(1), limits().withSearches(1, 1), "127.0.0.1", 0, Optional.empty());
        String at = "http://127.0.0.1:" + small.address().getPort();
        List<Long> pids;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(at + "/v1/prove"))
                    .POST(HttpRequest.BodyPublishers.ofString(body(java.util.Map.of("statement", HARD, "expansions", 2000,
                            "timeout_s", 280)))).build();
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            assertEquals("started", JSON.readTree(in.readLine()).get("event").asText());

            HttpResponse<String> second = post(at, "/v1/prove", body(java.util.Map.of("statement", "true")), null);
            assertEquals(429, second.statusCode(), second.body());
            assertTrue(second.headers().firstValue("Retry-After").isPresent());
            assertEquals("too_many_requests", json(second).get("error").get("kind").asText());

            await(() -> !mine(before).isEmpty(), Duration.ofSeconds(30), "Lean runs the search");
            pids = mine(before);
        } finally {
            small.close();
        }
        for (long pid : pids) {
            await(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(10),
                    "Lean process " + pid + " is gone after shutdown");
        }
        assertTrue(leanProcesses().stream().noneMatch(pids::contains), "no Lean process of the server is left");
    }

    private static List<Long> mine(List<Long> before) {
        return leanProcesses().stream().filter(p -> !before.contains(p)).toList();
    }

    /** Lean processes (and their sandboxes) started by this JVM. */
    private static List<Long> leanProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("/lean") || c.endsWith("/bwrap")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
