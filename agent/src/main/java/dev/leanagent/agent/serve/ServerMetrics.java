package dev.leanagent.agent.serve;

import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.model.service.ServiceStats;
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

    /** Made at the first scrape that finds a model service: a run without a model reports none of them. */
    private ModelGauges model;

    /** The model service's counters as of the scrape (it counts since it started). */
    private static final class ModelGauges {
        final Gauge requests;
        final Gauge cacheHits;
        final Gauge batches;
        final Gauge batchedRequests;
        final Gauge meanBatch;
        final Gauge failures;
        final Gauge seconds;
        final Gauge queued;

        ModelGauges(PrometheusRegistry registry) {
            requests = gauge(registry, "lean_agent_model_requests", "Requests the model service received (cache hits included)");
            cacheHits = gauge(registry, "lean_agent_model_cache_hits", "Model requests answered from the service's cache");
            batches = gauge(registry, "lean_agent_model_batches", "Batches (forward passes over several requests) the model ran");
            batchedRequests = gauge(registry, "lean_agent_model_batched_requests", "Requests those batches held");
            meanBatch = gauge(registry, "lean_agent_model_mean_batch_size", "Mean requests per batch since the service started");
            failures = gauge(registry, "lean_agent_model_failures", "Requests the model failed on");
            seconds = gauge(registry, "lean_agent_model_inference_seconds", "Time the device spent on batches");
            queued = gauge(registry, "lean_agent_model_queue_length", "Requests waiting for the device now");
        }

        private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
            return Gauge.builder().name(name).help(help).register(registry);
        }

        /** One model service per run today; summed so that more would still read right. */
        void set(Collection<ServiceStats> models) {
            long b = models.stream().mapToLong(ServiceStats::batches).sum();
            long held = models.stream().mapToLong(ServiceStats::batchedRequests).sum();
            requests.set(models.stream().mapToLong(ServiceStats::requests).sum());
            cacheHits.set(models.stream().mapToLong(ServiceStats::cacheHits).sum());
            batches.set(b);
            batchedRequests.set(held);
            meanBatch.set(b == 0 ? 0 : (double) held / b);
            failures.set(models.stream().mapToLong(ServiceStats::failures).sum());
            seconds.set(models.stream().mapToDouble(ServiceStats::inferenceSeconds).sum());
            queued.set(models.stream().mapToInt(ServiceStats::queued).sum());
        }
    }

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
    synchronized byte[] scrape(int leanRequestsRunning, Collection<PoolStats> pools, Collection<ServiceStats> models) throws IOException {
        running.set(leanRequestsRunning);
        if (!models.isEmpty()) {
            if (model == null) model = new ModelGauges(registry);
            model.set(models);
        }
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
