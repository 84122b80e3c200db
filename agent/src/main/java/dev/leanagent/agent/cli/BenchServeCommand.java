package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.UsageException;
import dev.leanagent.agent.serve.ApiServer;
import dev.leanagent.agent.serve.ServeLimits;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "bench-serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure `serve` over HTTP: requests per second and p50/p99 latency of /v1/suggest "
                + "(with a statement, so each candidate runs in Lean) and /v1/prove on core-Lean theorems, "
                + "at several numbers of concurrent clients.",
                "",
                "Starts a server on a free loopback port in this process (same options as `serve`) and drives it "
                        + "with java.net.http clients. A markdown table goes to stdout."})
public final class BenchServeCommand implements Callable<Integer> {

    @Option(names = "--clients", split = ",", paramLabel = "N[,N...]",
            description = "Concurrent clients to compare (default: 1,8,32).")
    List<Integer> clients = new ArrayList<>(List.of(1, 8, 32));

    @Option(names = "--suggest-requests", paramLabel = "N", description = "Suggest requests per client count (default: 200).")
    int suggestRequests = 200;

    @Option(names = "--prove-requests", paramLabel = "N", description = "Prove requests per client count (default: 64).")
    int proveRequests = 64;

    @Mixin
    SearchOptions searchOptions;

    @Mixin
    PoolOptions pool;

    @Mixin
    GlobalOptions global;

    /** Core-Lean statements the automation generator proves in a few expansions. */
    static final List<String> STATEMENTS = List.of("(n : ℕ) : 0 + n = n", "(p q : Prop) (hp : p) (hq : q) : p ∧ q",
            "(a b : ℕ) : a + b = b + a", "2 + 2 = 4", "(m n : ℕ) : m ≤ m + n", "(l : list ℕ) : l ++ [] = l");

    @Override
    public Integer call() throws Exception {
        if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) throw new UsageException("--clients must be at least 1");
        if (suggestRequests < 1 || proveRequests < 1) throw new UsageException("request counts must be at least 1");
        searchOptions.requireAvailableGenerator();
        Config config = global.config();
        int most = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        ServeLimits limits = ServeLimits.from(config).withSearches(most, most);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> rows = new ArrayList<>();
        try (ApiServer server = ApiServer.start(ServeCommand.backend(searchOptions, pool, global, config), limits,
                "127.0.0.1", 0, Optional.empty())) {
            String base = "http://127.0.0.1:" + server.address().getPort();
            for (String route : List.of("/v1/suggest", "/v1/prove")) {
                int n = route.equals("/v1/suggest") ? suggestRequests : proveRequests;
                for (int c : clients) {
                    rows.add(measure(http, base, route, c, n));
                    System.err.println("lean-agent: " + rows.get(rows.size() - 1));
                }
            }
        }
        System.out.println("| route | clients | requests | errors | requests/s | p50 ms | p99 ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
        return 0;
    }

    private static String body(String route, int i) {
        String statement = STATEMENTS.get(i % STATEMENTS.size()).replace("\"", "\\\"");
        return route.equals("/v1/suggest")
                ? "{\"statement\": \"" + statement + "\", \"num\": 16}"
                : "{\"statement\": \"" + statement + "\", \"expansions\": 50, \"timeout_s\": 60}";
    }

    private static String measure(HttpClient http, String base, String route, int clients, int requests) throws Exception {
        Histogram latency = new Histogram(3_600_000_000L, 3);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + route)).timeout(Duration.ofMinutes(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body(route, i))).build();
                        long s = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                            // A prove answers 200 at once; its last line says whether it proved.
                            boolean ok = r.statusCode() == 200 && (!route.equals("/v1/prove") || r.body().contains("\"status\":\"proved\""));
                            if (!ok) errors.incrementAndGet();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        synchronized (latency) {
                            latency.recordValue((System.nanoTime() - s) / 1000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) f.get();
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.0f | %.0f |", route, clients, requests,
                errors.get(), requests / seconds, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0);
    }
}
