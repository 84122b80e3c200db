package dev.leanagent.agent.serve;

import dev.leanagent.agent.prove.LeanProofEnvironment;
import dev.leanagent.agent.prove.ProofRun;
import dev.leanagent.agent.prove.ProveCoordinator;
import dev.leanagent.agent.prove.SearchRun;
import dev.leanagent.bridge.check.CheckReport;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.pool.LeanPool;
import dev.leanagent.bridge.pool.PoolStats;
import dev.leanagent.bridge.repl.StartRequest;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.ProofEnvironment;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What each route does, apart from HTTP: suggest, prove, check and the compatibility routes, on
 * the backend's generator, pools and checker. Nothing here blocks a caller's thread except
 * {@code check}'s compile, which runs on a thread pool of its own.
 */
final class ServeService implements AutoCloseable {

    private final ServeBackend backend;
    private final ServeLimits limits;
    private final SearchSlots slots;
    private final ServerMetrics metrics;
    private final Set<List<String>> importSets = ConcurrentHashMap.newKeySet();
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lean-agent-serve-check");
        t.setDaemon(true);
        return t;
    });

    ServeService(ServeBackend backend, ServeLimits limits, ServerMetrics metrics) {
        this.backend = backend;
        this.limits = limits;
        this.metrics = metrics;
        this.slots = new SearchSlots(limits.maxSearchesPerClient(), limits.maxSearches());
    }

    String generatorName() {
        return backend.run().generator().name();
    }

    int leanRequestsRunning() {
        return slots.running();
    }

    List<List<String>> importSets() {
        return List.copyOf(importSets);
    }

    /** Each opened pool's statistics, for the metrics. */
    CompletionStage<List<PoolStats>> poolStats() {
        List<CompletableFuture<PoolStats>> all = importSets.stream()
                .map(i -> backend.pools().pool(i).stats().toCompletableFuture()).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }

    /** The model service's counters (empty without a model), for the metrics. */
    CompletionStage<List<dev.leanagent.model.service.ServiceStats>> modelStats() {
        return backend.agent().modelStats();
    }

    // ---- suggest ---------------------------------------------------------------------------

    CompletionStage<Api.SuggestResponse> suggest(Api.SuggestRequest req, String client) {
        int num = candidates(req.num());
        if (req.statement() == null) {
            if (req.state() == null || req.state().isBlank()) {
                throw ApiError.badRequest("give `state` (the tactic state as Lean prints it), or `statement`");
            }
            if (req.state().length() > limits.maxStatementChars()) {
                throw ApiError.tooLarge("the state is " + req.state().length() + " characters; at most "
                        + limits.maxStatementChars() + " are accepted");
            }
            SearchState state = StateText.parse(req.state());
            return generate(state, num).thenApply(cs -> new Api.SuggestResponse(generatorName(), null,
                    cs.stream().map(c -> new Api.Suggestion(c.tactic(), c.logprob(), null, null, null, null)).toList()));
        }
        List<String> tactics = req.tactics() == null ? List.of() : req.tactics();
        int tacticChars = tactics.stream().mapToInt(String::length).sum();
        RequestedTheorem t = RequestedTheorem.fromStatement(req.context(), req.statement(), limits);
        if (tacticChars > limits.maxStatementChars()) throw ApiError.tooLarge("the tactics are too long");
        LeanPool pool = pool(t.file());
        SearchSlots.Slot slot = slots.acquire(client);
        ProofEnvironment env = new LeanProofEnvironment(pool, start(t), backend.failures())
                .withDeadline(System.nanoTime() + limits.defaultTimeout().toNanos());
        List<SearchState> held = new ArrayList<>();
        CompletionStage<Api.SuggestResponse> out = env.start().thenCompose(r -> {
            SearchState s = success(r, "statement_failed", "Lean did not accept the statement");
            synchronized (held) {
                held.add(s);
            }
            return after(env, s, tactics, 0, held);
        }).thenCompose(s -> generate(s, num).thenCompose(cs -> {
            List<CompletableFuture<Api.Suggestion>> tried = cs.stream()
                    .map(c -> env.apply(s, c).thenApply(r -> tried(c, r, held)).toCompletableFuture()).toList();
            return CompletableFuture.allOf(tried.toArray(CompletableFuture[]::new)).thenApply(v ->
                    new Api.SuggestResponse(generatorName(), s.canonical(), order(tried.stream().map(CompletableFuture::join).toList())));
        }));
        return out.whenComplete((v, e) -> {
            synchronized (held) {
                env.release(List.copyOf(held));
            }
            slot.close();
        });
    }

    /** The state after the proof so far; a tactic that fails is the request's error, with Lean's message. */
    private CompletionStage<SearchState> after(ProofEnvironment env, SearchState s, List<String> tactics, int i,
                                               List<SearchState> held) {
        if (i == tactics.size()) return CompletableFuture.completedFuture(s);
        return env.apply(s, tactics.get(i)).thenCompose(r -> {
            SearchState next = success(r, "tactic_failed", "tactic " + (i + 1) + " of the proof so far failed");
            synchronized (held) {
                held.add(next);
            }
            return after(env, next, tactics, i + 1, held);
        });
    }

    private static SearchState success(TacticResult r, String kind, String what) {
        if (r instanceof TacticResult.Success ok) return ok.state();
        TacticResult.Failure f = (TacticResult.Failure) r;
        throw new ApiError(422, kind, what + ": " + f.kind() + ": " + f.message());
    }

    private static Api.Suggestion tried(Candidate c, TacticResult r, List<SearchState> held) {
        if (r instanceof TacticResult.Success ok) {
            synchronized (held) {
                held.add(ok.state());
            }
            SearchState s = ok.state();
            return new Api.Suggestion(c.tactic(), c.logprob(), s.complete() ? "closes_goal" : "ok", null, s.goals(),
                    s.complete() ? null : s.canonical());
        }
        TacticResult.Failure f = (TacticResult.Failure) r;
        return new Api.Suggestion(c.tactic(), c.logprob(), "error", f.kind() + ": " + f.message(), null, null);
    }

    /** Closing candidates first, then those that made progress, then errors; best log-prob first within each. */
    private static List<Api.Suggestion> order(List<Api.Suggestion> in) {
        List<Api.Suggestion> out = new ArrayList<>(in);
        out.sort((a, b) -> {
            int ra = rank(a.status()), rb = rank(b.status());
            return ra != rb ? Integer.compare(ra, rb) : Double.compare(b.logprob(), a.logprob());
        });
        return out;
    }

    private static int rank(String status) {
        return switch (status) {
            case "closes_goal" -> 0;
            case "ok" -> 1;
            default -> 2;
        };
    }

    /** The generator's candidates for a state, best first, at most {@code num}. */
    CompletionStage<List<Candidate>> generate(SearchState state, int num) {
        return backend.run().generator().suggest(state).thenApply(cs -> {
            List<Candidate> sorted = new ArrayList<>(cs);
            sorted.sort((a, b) -> Double.compare(b.logprob(), a.logprob()));
            List<Candidate> top = List.copyOf(sorted.subList(0, Math.min(num, sorted.size())));
            metrics.generated(top.size());
            return top;
        });
    }

    int candidates(Integer asked) {
        if (asked == null) return Math.min(16, limits.maxCandidates());
        if (asked < 1 || asked > limits.maxCandidates()) {
            throw new ApiError(400, "budget_too_large", "num must be between 1 and " + limits.maxCandidates());
        }
        return asked;
    }

    // ---- prove -----------------------------------------------------------------------------

    /**
     * A running search: cancel it when its client goes away; {@code result} completes with its line;
     * {@code expansions} and {@code bestDepth} (the deepest state reached, root 0) grow as it runs.
     */
    record Proving(CompletionStage<ProofResult> result, Runnable cancel, AtomicInteger expansions,
                   AtomicInteger bestDepth) {
    }

    Proving prove(Api.ProveRequest req, String client, Consumer<Api.ProveEvent> events) {
        RequestedTheorem t = req.file() != null ? RequestedTheorem.fromFile(req.file(), req.theorem(), limits)
                : RequestedTheorem.fromStatement(req.context(), req.statement(), limits);
        int expansions = req.expansions() == null ? limits.defaultExpansions() : req.expansions();
        if (expansions < 1 || expansions > limits.maxExpansions()) {
            throw new ApiError(400, "budget_too_large", "expansions must be between 1 and " + limits.maxExpansions());
        }
        Duration timeout = req.timeoutS() == null ? limits.defaultTimeout()
                : Duration.ofMillis(Math.round(req.timeoutS() * 1000));
        if (timeout.toMillis() < 1 || timeout.compareTo(limits.maxTimeout()) > 0) {
            throw new ApiError(400, "budget_too_large", "timeout_s must be above 0 and at most "
                    + limits.maxTimeout().toSeconds());
        }
        LeanPool pool = pool(t.file());
        SearchSlots.Slot slot = slots.acquire(client);
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger bestDepth = new AtomicInteger();
        SearchRun base = backend.run();
        SearchSettings settings = base.search().withBudgets(expansions, timeout);
        ProofResult.Budgets b = base.budgets();
        SearchRun run = new SearchRun(new CountingGenerator(base.generator(), asked), settings, base.verifier(),
                new ProofResult.Budgets(expansions, timeout.toMillis() / 1000.0, b.maxDepth(), b.tacticTimeoutMs(),
                        b.heartbeats()), base.model(), base.modelDescription(), base.template(), base.seed(), null)
                .withWatchers(task -> new BestDepth(bestDepth));
        events.accept(Api.ProveEvent.started(t.theorem().displayName(), expansions, timeout.toMillis() / 1000.0));
        CompletableFuture<ProofResult> result = new CompletableFuture<>();
        CompletableFuture<ProofRun.Launched> launched = pool.stats().thenCompose(stats -> ProofRun.launch(
                backend.agent(), t.file(), List.of(new ProofRun.Target(t.theorem(), 1)), run, 1,
                settings.parallelTactics(ProofRun.workers(stats)), backend.failures(), null, result::complete))
                .toCompletableFuture();
        launched.whenComplete((l, e) -> {
            if (e != null) result.completeExceptionally(e);
            else l.done().whenComplete((v, e2) -> {
                // every theorem has its result before done; a coordinator stopped early leaves none
                if (!result.isDone()) result.completeExceptionally(new IllegalStateException("the search stopped without a result"));
            });
        });
        result.whenComplete((r, e) -> slot.close());
        Runnable cancel = () -> launched.thenAccept(l ->
                l.coordinator().tell(new ProveCoordinator.CancelAll("the client went away")));
        return new Proving(result, cancel, asked, bestDepth);
    }

    // ---- check -----------------------------------------------------------------------------

    CompletionStage<Api.CheckResponse> check(Api.CheckRequest req, String client) {
        if (req.file() == null) throw ApiError.badRequest("`file` (the text of a Lean 3 file) is missing");
        if (req.file().length() > limits.maxFileChars()) {
            throw ApiError.tooLarge("the file is " + req.file().length() + " characters; at most "
                    + limits.maxFileChars() + " are accepted");
        }
        LeanFile file = RequestedTheorem.parse(req.file());
        requireImports(file.imports());
        SearchSlots.Slot slot = slots.acquire(client);
        return CompletableFuture.supplyAsync(() -> {
            try {
                CheckReport r = backend.checker().check(file);
                List<Api.CheckedDeclaration> ds = r.verdicts().stream()
                        .map(v -> new Api.CheckedDeclaration(v.name(), v.line(), v.ok(), v.reason())).toList();
                return new Api.CheckResponse(r.allOk(), ds, r.fileErrors());
            } catch (java.io.IOException e) {
                throw new ApiError(500, "lean_failed", "the check could not run: " + e.getMessage());
            }
        }, checks).whenComplete((v, e) -> slot.close());
    }

    // ---- shared ----------------------------------------------------------------------------

    private static StartRequest start(RequestedTheorem t) {
        Declaration d = t.theorem();
        return StartRequest.statement(t.file().contextFor(d), d.binders(), d.type());
    }

    /** The pool of the file's imports, once they are found on Lean's path and the import sets allow another. */
    private LeanPool pool(LeanFile file) {
        requireImports(file.imports());
        synchronized (importSets) {
            if (!importSets.contains(file.imports()) && importSets.size() >= limits.maxImportSets()) {
                throw new ApiError(503, "too_many_import_sets", "the server already runs Lean for "
                        + importSets.size() + " import sets, its most; use one of " + importSets, 60);
            }
            importSets.add(List.copyOf(file.imports()));
        }
        return backend.pools().pool(file.imports());
    }

    private void requireImports(List<String> imports) {
        List<String> missing = backend.unresolvedImports().apply(imports);
        if (!missing.isEmpty()) {
            throw new ApiError(400, "unknown_import", "not on the server's Lean path: " + String.join(", ", missing));
        }
    }

    /** Opens the core pool at start-up, so the first request does not wait for Lean. */
    LeanPool corePool() {
        importSets.add(List.of());
        return backend.pools().pool(List.of());
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
