package dev.leanagent.agent.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.leanagent.search.ProofResult;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of the server: routes, the token, body limits, JSON in and out, errors as JSON
 * with a {@code kind}, one log line per request (never its body), metrics. API.md beside this
 * file is the contract.
 */
final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger("dev.leanagent.serve");
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ContentType NDJSON = MediaTypes.customWithFixedCharset("application", "x-ndjson",
            HttpCharsets.UTF_8, Map.of(), false).toContentType();
    private static final ContentType PROMETHEUS = MediaTypes.customWithFixedCharset("text", "plain",
            HttpCharsets.UTF_8, Map.of("version", "0.0.4"), false).toContentType();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<?> system;
    private final Materializer materializer;
    private final ServeService service;
    private final ServeLimits limits;
    private final ServerMetrics metrics;
    /** SHA-256 of the token, or null when none is required (loopback only). */
    private final byte[] tokenHash;
    private final AtomicLong completionIds = new AtomicLong();

    HttpApi(ActorSystem<?> system, ServeService service, ServeLimits limits, ServerMetrics metrics, Optional<String> token) {
        this.system = system;
        this.materializer = Materializer.matFromSystem(system);
        this.service = service;
        this.limits = limits;
        this.metrics = metrics;
        this.tokenHash = token.map(HttpApi::sha256).orElse(null);
    }

    CompletionStage<HttpResponse> handle(HttpRequest req) {
        long t0 = System.nanoTime();
        String path = req.getUri().path();
        String route = route(path);
        String client = client(req);
        CompletionStage<HttpResponse> response;
        try {
            response = dispatch(req, path, client).exceptionally(HttpApi::errorResponse);
        } catch (RuntimeException e) {
            response = CompletableFuture.completedFuture(errorResponse(e));
        }
        return response.thenApply(r -> {
            double seconds = (System.nanoTime() - t0) / 1e9;
            metrics.answered(route, r.status().intValue(), seconds);
            LOG.info("{} {} {} {} ms client {}", req.method().value(), route, r.status().intValue(),
                    Math.round(seconds * 1000), client);
            return r;
        });
    }

    private static final List<String> ROUTES = List.of("/health", "/metrics", "/lean/lean_agent.lean", "/v1/suggest",
            "/v1/prove", "/v1/check", "/generate", "/v1/completions");

    /** The route as metrics and logs name it: a path no route has is "other", so clients cannot grow the label set. */
    private static String route(String path) {
        return ROUTES.contains(path) ? path : "other";
    }

    private CompletionStage<HttpResponse> dispatch(HttpRequest req, String path, String client) {
        boolean get = req.method().equals(HttpMethods.GET);
        boolean post = req.method().equals(HttpMethods.POST);
        if (path.equals("/health") && get) {
            return json(200, new Api.Health("ok", service.generatorName(), service.leanRequestsRunning(),
                    service.importSets().stream().map(i -> String.join(" ", i)).toList()));
        }
        if (!ROUTES.contains(path)) throw new ApiError(404, "not_found", "no route " + path + "; see API.md");
        authorize(req);
        switch (path) {
            case "/metrics" -> {
                requireMethod(get, "GET");
                return service.poolStats().thenCombine(service.modelStats(), (stats, models) -> {
                    try {
                        byte[] text = metrics.scrape(service.leanRequestsRunning(), stats, models);
                        return HttpResponse.create().withEntity(HttpEntities.create(PROMETHEUS, text));
                    } catch (java.io.IOException e) {
                        throw new CompletionException(e);
                    }
                });
            }
            case "/lean/lean_agent.lean" -> {
                requireMethod(get, "GET");
                return CompletableFuture.completedFuture(HttpResponse.create().withEntity(
                        HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, LeanFrontEnd.text())));
            }
            default -> requireMethod(post, "POST");
        }
        return body(req).thenCompose(bytes -> switch (path) {
            case "/v1/suggest" -> service.suggest(parse(bytes, Api.SuggestRequest.class), client).thenCompose(r -> json(200, r));
            case "/v1/check" -> service.check(parse(bytes, Api.CheckRequest.class), client).thenCompose(r -> json(200, r));
            case "/v1/prove" -> CompletableFuture.completedFuture(prove(parse(bytes, Api.ProveRequest.class), client,
                    req.getHeader("Accept").map(h -> h.value().contains("text/event-stream")).orElse(false)));
            case "/generate" -> generate(parse(bytes, Api.GenerateRequest.class));
            case "/v1/completions" -> completions(parse(bytes, Api.CompletionRequest.class));
            default -> throw new IllegalStateException(path);
        });
    }

    private static void requireMethod(boolean ok, String method) {
        if (!ok) throw new ApiError(405, "method_not_allowed", "this route takes " + method);
    }

    /** Bearer token compared in constant time (hashes of equal length, {@link MessageDigest#isEqual}). */
    private void authorize(HttpRequest req) {
        if (tokenHash == null) return;
        String given = req.getHeader("Authorization").map(h -> h.value()).orElse("");
        String token = given.regionMatches(true, 0, "Bearer ", 0, 7) ? given.substring(7).strip() : "";
        if (!MessageDigest.isEqual(sha256(token), tokenHash)) {
            throw new ApiError(401, "unauthorized", "missing or wrong token (Authorization: Bearer TOKEN)");
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body, refused past the limit before it is read whole (a declared length is refused unread). */
    private CompletionStage<byte[]> body(HttpRequest req) {
        long declared = req.entity().getContentLengthOption().orElse(-1L);
        if (declared > limits.maxBodyBytes()) {
            throw ApiError.tooLarge("the body is " + declared + " bytes; at most " + limits.maxBodyBytes() + " are accepted");
        }
        return req.entity().withSizeLimit(limits.maxBodyBytes()).toStrict(READ_TIMEOUT.toMillis(), materializer)
                .handle((strict, e) -> {
                    if (e == null) return strict.getData().toArray();
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof EntityStreamSizeException) {
                        throw ApiError.tooLarge("the body is larger than " + limits.maxBodyBytes() + " bytes");
                    }
                    throw ApiError.badRequest("could not read the body: " + cause.getMessage());
                });
    }

    private static <T> T parse(byte[] bytes, Class<T> type) {
        try {
            T value = JSON.readValue(bytes, type);
            if (value == null) throw new ApiError(400, "malformed_json", "the body is empty; a JSON object is expected");
            return value;
        } catch (java.io.IOException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ApiError(400, "malformed_json", "the body is not the JSON this route takes: " + msg);
        }
    }

    // ---- prove: a stream of JSON lines (or server-sent events) -----------------------------

    private HttpResponse prove(Api.ProveRequest req, String client, boolean sse) {
        Pair<Pair<BoundedSourceQueue<ByteString>, CompletionStage<Done>>, Source<ByteString, org.apache.pekko.NotUsed>> p =
                Source.<ByteString>queue(1024).watchTermination(Pair::create).preMaterialize(materializer);
        BoundedSourceQueue<ByteString> queue = p.first().first();
        long t0 = System.nanoTime();
        ServeService.Proving proving;
        try {
            proving = service.prove(req, client, e -> queue.offer(frame(e, sse)));
        } catch (RuntimeException e) {
            queue.complete();
            throw e;
        }
        Cancellable ticker = system.classicSystem().scheduler().scheduleAtFixedRate(
                scala.concurrent.duration.Duration.create(1, "s"), scala.concurrent.duration.Duration.create(1, "s"),
                () -> queue.offer(frame(Api.ProveEvent.progress(proving.expansions().get(),
                        round((System.nanoTime() - t0) / 1e9), proving.bestDepth().get()), sse)),
                system.executionContext());
        proving.result().whenComplete((r, e) -> {
            ticker.cancel();
            if (e == null) {
                queue.offer(frame(result(r, proving.bestDepth().get()), sse));
            } else {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                queue.offer(frame(new Api.ProveEvent("result", null, proving.expansions().get(), null,
                        proving.bestDepth().get(), ProofResult.ERROR, List.of(), String.valueOf(c.getMessage()), false, null, null), sse));
            }
            queue.complete();
        });
        // The client went away (the stream was cancelled) before the result: stop the search.
        p.first().second().whenComplete((d, e) -> {
            if (!proving.result().toCompletableFuture().isDone()) {
                ticker.cancel();
                metrics.cancelled();
                LOG.info("POST /v1/prove client {} went away; search cancelled", client);
                proving.cancel().run();
            }
        });
        return HttpResponse.create().withEntity(HttpEntities.createChunked(
                sse ? MediaTypes.TEXT_EVENT_STREAM.toContentType() : NDJSON, p.second()));
    }

    private static Api.ProveEvent result(ProofResult r, int bestDepth) {
        return new Api.ProveEvent("result", r.name(), r.expansions(), r.seconds(), bestDepth, r.status(), r.proof(),
                r.reason(), r.checked(), null, null);
    }

    private static ByteString frame(Api.ProveEvent e, boolean sse) {
        try {
            String line = JSON.writeValueAsString(e);
            return ByteString.fromString(sse ? "event: " + e.event() + "\ndata: " + line + "\n\n" : line + "\n");
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    private static double round(double s) {
        return Math.round(s * 10) / 10.0;
    }

    // ---- compatibility routes --------------------------------------------------------------

    /** LeanCopilot's external generator: the state in {@code input}, tactics that start with {@code prefix}. */
    private CompletionStage<HttpResponse> generate(Api.GenerateRequest req) {
        if (req.input() == null) throw ApiError.badRequest("`input` (the tactic state) is missing");
        if (req.input().length() > limits.maxStatementChars()) throw ApiError.tooLarge("the input is too long");
        String prefix = req.prefix() == null ? "" : req.prefix();
        return service.generate(StateText.parse(req.input()), limits.maxCandidates()).thenCompose(cs -> json(200,
                new Api.GenerateResponse(cs.stream().filter(c -> c.tactic().startsWith(prefix))
                        .limit(service.candidates(null)).map(c -> new Api.Generation(c.tactic(), c.logprob())).toList())));
    }

    /** OpenAI completions: one choice per candidate (n of them), the prompt read as a tactic state. */
    private CompletionStage<HttpResponse> completions(Api.CompletionRequest req) {
        if (Boolean.TRUE.equals(req.stream())) throw new ApiError(400, "unsupported", "stream=true is not supported");
        JsonNode p = req.prompt();
        String prompt = p == null ? null : p.isTextual() ? p.asText()
                : p.isArray() && p.size() == 1 && p.get(0).isTextual() ? p.get(0).asText() : null;
        if (prompt == null) throw ApiError.badRequest("`prompt` must be a string (or an array of one string)");
        if (prompt.length() > limits.maxStatementChars()) throw ApiError.tooLarge("the prompt is too long");
        int n = service.candidates(req.n() == null ? 1 : req.n());
        return service.generate(StateText.parse(PromptState.of(prompt)), n).thenCompose(cs -> {
            List<Api.Choice> choices = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                var c = cs.get(i);
                Api.Logprobs lp = req.logprobs() == null ? null
                        : new Api.Logprobs(List.of(c.tactic()), List.of(c.logprob()), null, List.of(0));
                choices.add(new Api.Choice(c.tactic(), i, lp, "stop"));
            }
            return json(200, new Api.CompletionResponse("cmpl-lean-agent-" + completionIds.incrementAndGet(),
                    "text_completion", System.currentTimeMillis() / 1000,
                    req.model() == null ? service.generatorName() : req.model(), choices,
                    new Api.Usage(0, choices.size(), choices.size())));
        });
    }

    // ---- responses -------------------------------------------------------------------------

    private static CompletionStage<HttpResponse> json(int status, Object body) {
        return CompletableFuture.completedFuture(jsonResponse(status, body));
    }

    private static HttpResponse jsonResponse(int status, Object body) {
        try {
            return HttpResponse.create().withStatus(status)
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse errorResponse(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        ApiError e = c instanceof ApiError a ? a : null;
        if (e == null) {
            LOG.error("request failed", c);
            e = new ApiError(500, "internal", "the server failed: " + c);
        }
        HttpResponse r = jsonResponse(e.status(), new Api.ErrorBody(new Api.Error(e.kind(), e.getMessage(), e.retryAfterSeconds())));
        return e.retryAfterSeconds() == null ? r : r.addHeader(RawHeader.create("Retry-After", e.retryAfterSeconds().toString()));
    }

    private static String client(HttpRequest req) {
        return req.getAttribute(AttributeKeys.remoteAddress)
                .flatMap(RemoteAddress::getAddress).map(a -> a.getHostAddress()).orElse("unknown");
    }
}
