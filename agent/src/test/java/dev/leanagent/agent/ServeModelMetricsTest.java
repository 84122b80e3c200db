package dev.leanagent.agent;

import dev.leanagent.agent.serve.ApiServer;
import dev.leanagent.agent.serve.ServeLimits;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} of a server whose generator is a model: the model service's batching is reported. */
class ServeModelMetricsTest {

    @Test
    void metricsReportTheModelServicesRequestsAndBatches(@TempDir Path dir) throws Exception {
        var lean = LeanTests.toolchainOrSkip("serve model metrics");
        Path model = TinyCheckpoints.internlm2(dir.resolve("tiny"), SafetensorsWriter.Type.BF16);
        TinyCheckpoints.addTokenizer(model, "ServeModelMetricsTest");
        HttpClient http = HttpClient.newHttpClient();
        try (ApiServer server = ApiServer.start(ServeTestBackend.create(lean, 1, model),
                ServeLimits.from(Settings.load(null, List.of())), "127.0.0.1", 0, Optional.empty())) {
            String base = "http://127.0.0.1:" + server.address().getPort();
            for (String state : List.of("⊢ true", "n : ℕ\n⊢ n = n", "⊢ true")) { // the third is the first's, cached
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/suggest"))
                        .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"state\": \"" + state.replace("\n", "\\n") + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
            }
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double requests = value(metrics, "lean_agent_model_requests");
            double batches = value(metrics, "lean_agent_model_batches");
            assertTrue(requests >= 2, metrics);
            assertTrue(batches >= 1 && batches <= requests, metrics);
            assertEquals(value(metrics, "lean_agent_model_batched_requests") / batches,
                    value(metrics, "lean_agent_model_mean_batch_size"), 1e-9, metrics);
            assertEquals(0, value(metrics, "lean_agent_model_queue_length"), metrics);
        }
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), name + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }
}
