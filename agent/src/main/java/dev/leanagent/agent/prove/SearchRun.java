package dev.leanagent.agent.prove;

import dev.leanagent.agent.trace.TraceDirectory;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.SearchListener;
import dev.leanagent.search.SearchOutcome;
import dev.leanagent.search.SearchSettings;
import dev.leanagent.search.SearchStatus;
import dev.leanagent.search.TacticGenerator;

import java.util.List;
import java.util.function.Function;

/**
 * What every search of a run shares: the generator, the budgets, the checker, and how results read.
 * {@code modelDescription} says where and how the model runs (null without a model); {@code seed} is attempt 1's; attempt k samples with seed + k - 1 (see {@link TacticGenerator#forAttempt}).
 * {@code traces}: where each search writes its trace ({@code --trace}), or null.
 * {@code watchers}: a listener of its own for each search (the server's progress report), or null.
 */
public record SearchRun(TacticGenerator generator, SearchSettings search, ProofVerifier verifier,
                        ProofResult.Budgets budgets, String model, String modelDescription, String template, Long seed,
                        AutoCloseable resources, TraceDirectory traces,
                        Function<TheoremTask, SearchListener> watchers) implements AutoCloseable {

    /** A run without traces. */
    public SearchRun(TacticGenerator generator, SearchSettings search, ProofVerifier verifier,
                     ProofResult.Budgets budgets, String model, String modelDescription, String template, Long seed,
                     AutoCloseable resources) {
        this(generator, search, verifier, budgets, model, modelDescription, template, seed, resources, null, null);
    }

    /** The same run, each search writing its trace to {@code traces} (null: none). */
    public SearchRun withTraces(TraceDirectory traces) {
        return new SearchRun(generator, search, verifier, budgets, model, modelDescription, template, seed, resources,
                traces, watchers);
    }

    /** The same run, each search also watched by {@code watchers.apply(task)} (null: none), beside its trace. */
    public SearchRun withWatchers(Function<TheoremTask, SearchListener> watchers) {
        return new SearchRun(generator, search, verifier, budgets, model, modelDescription, template, seed, resources,
                traces, watchers);
    }

    /** Frees what the generator holds (the model service and its weights), if anything. */
    @Override
    public void close() throws Exception {
        if (resources != null) {
            resources.close();
        }
    }

    /**
     * The result line for a theorem. A found proof is {@code proved} only when {@code checked};
     * a found proof the check refused is an {@code error} carrying {@code refusal}.
     */
    ProofResult result(TheoremTask task, SearchOutcome o, boolean checked, String refusal) {
        String status;
        String reason = o.reason();
        List<String> proof = List.of();
        if (o.status() == SearchStatus.FOUND && checked) {
            status = ProofResult.PROVED;
            proof = o.proof();
        } else if (o.status() == SearchStatus.FOUND) {
            status = ProofResult.ERROR;
            reason = refusal + " (proof found: " + String.join(", ", o.proof()) + ")";
        } else {
            status = ProofResult.statusOf(o.status());
        }
        return new ProofResult(String.valueOf(task.file().path()), task.name(), status, proof, reason, o.expansions(),
                o.nodes(), round(o.seconds()), round(o.modelSeconds()), round(o.leanSeconds()), checked,
                generator.name(), model, template, budgets, seed == null ? null : seed + task.attempt() - 1, task.attempt());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
