package dev.leanagent.agent.serve;

import dev.leanagent.bridge.pool.PoolStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;

/** What {@code GET /metrics} reports, in Prometheus' text format, from a registry of the server's own. */
final class ServerMetrics {

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("lean_agent_http_requests_total")
            .help("HTTP requests answered, by route and status").labelNames("route", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("lean_agent_http_request_seconds")
            .help("Time to the response's head (a prove stream's head comes at once), by route").labelNames("route")
            .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
            .register(registry);
    private final Gauge running = Gauge.builder().name("lean_agent_lean_requests_running")
            .help("Requests running Lean now (prove, check, suggest with a statement)").register(registry);
    private final Counter cancelled = Counter.builder().name("lean_agent_searches_cancelled_total")
            .help("Prove searches cancelled because their client went away").register(registry);
    private final Gauge workers = Gauge.builder().name("lean_agent_lean_workers")
            .help("Lean worker processes by import set and state").labelNames("imports", "state").register(registry);
    private final Gauge queued = Gauge.builder().name("lean_agent_lean_queue_length")
            .help("Lean requests waiting for a worker, by import set").labelNames("imports").register(registry);
    private final Histogram candidates = Histogram.builder().name("lean_agent_generator_candidates")
            .help("Candidates the generator returned per call from the API").classicOnly()
            .classicUpperBounds(0, 1, 2, 4, 8, 16, 32, 64, 128).register(registry);

    void answered(String route, int status, double seconds) {
        requests.labelValues(route, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
    }

    void cancelled() {
        cancelled.inc();
    }

    void generated(int n) {
        candidates.observe(n);
    }

    /** The text of a scrape, with the gauges read now. */
    byte[] scrape(int leanRequestsRunning, Collection<PoolStats> pools) throws IOException {
        running.set(leanRequestsRunning);
        for (PoolStats s : pools) {
            String imports = String.join(" ", s.imports());
            workers.labelValues(imports, "ready").set(s.ready());
            workers.labelValues(imports, "busy").set(s.busy());
            workers.labelValues(imports, "other").set(Math.max(0, s.workers() - s.ready() - s.busy()));
            queued.labelValues(imports).set(s.queued());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        return out.toByteArray();
    }
}
