package dev.leanagent.search;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Best-first search for one theorem, one request at a time: the sequential baseline. Open states
 * are expanded most promising first: the generator proposes tactics, which are tried best first;
 * a new state joins the open set, a state reached again is linked to the node that already has
 * it (the tree is a DAG keyed by canonical text). The search stops at the first complete state
 * and returns the shortest proof among the states it has linked. The decisions are
 * {@link SearchTree}'s with one tactic in flight; this class only waits on each request.
 *
 * <p>It blocks on its ports' futures: run it on a thread that may block. {@link #cancel} stops
 * it between two requests. The agent runs searches as actors over the same tree instead.
 */
public final class BestFirstSearch {

    private final ProofEnvironment env;
    private final TacticGenerator generator;
    private final SearchSettings settings;
    private final LongSupplier clock;
    private final SearchListener listener;
    private volatile SearchStatus cancelledAs;
    private volatile String cancelReason;

    public BestFirstSearch(ProofEnvironment env, TacticGenerator generator, SearchSettings settings) {
        this(env, generator, settings, System::nanoTime, SearchListener.NONE);
    }

    /** A search whose tree {@code listener} watches grow (for traces). */
    public BestFirstSearch(ProofEnvironment env, TacticGenerator generator, SearchSettings settings,
                           SearchListener listener) {
        this(env, generator, settings, System::nanoTime, listener);
    }

    BestFirstSearch(ProofEnvironment env, TacticGenerator generator, SearchSettings settings, LongSupplier clock) {
        this(env, generator, settings, clock, SearchListener.NONE);
    }

    private BestFirstSearch(ProofEnvironment env, TacticGenerator generator, SearchSettings settings, LongSupplier clock,
                            SearchListener listener) {
        this.listener = listener;
        this.env = env;
        this.generator = generator;
        this.settings = settings;
        this.clock = clock;
    }

    /** Stops the search at its next step with this status (TIMEOUT from a watchdog, ERROR on shutdown). */
    public void cancel(SearchStatus status, String reason) {
        cancelReason = reason;
        cancelledAs = status;
    }

    public SearchOutcome run() {
        SearchTree tree = new SearchTree(settings, 1, generator.name(), clock, listener);
        try {
            while (tree.outcome() == null) {
                if (cancelledAs != null) {
                    tree.stop(cancelledAs, cancelReason);
                    break;
                }
                List<SearchTree.Request> requests = tree.next();
                if (requests.isEmpty() && tree.outcome() == null) {
                    throw new IllegalStateException("the search waits for nothing: " + tree.inFlight() + " in flight");
                }
                for (SearchTree.Request r : requests) serve(tree, r);
                release(tree);
            }
            return tree.outcome();
        } finally {
            release(tree);
        }
    }

    private void serve(SearchTree tree, SearchTree.Request request) {
        try {
            if (request instanceof SearchTree.Start s) tree.started(s, await(env::start));
            else if (request instanceof SearchTree.Suggest s) tree.suggested(s, await(() -> generator.suggest(s.state())));
            else if (request instanceof SearchTree.Apply a) tree.applied(a, await(() -> env.apply(a.state(), a.candidate())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.stop(SearchStatus.ERROR, "interrupted");
        } catch (ExecutionException e) {
            tree.failed(request, e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            tree.failed(request, e);
        }
    }

    private static <T> T await(Supplier<CompletionStage<T>> call) throws InterruptedException, ExecutionException {
        return call.get().toCompletableFuture().get();
    }

    private void release(SearchTree tree) {
        List<SearchState> states = tree.takeReleasable();
        if (!states.isEmpty()) env.release(states);
    }

    /** Merges repeated tactics (the best log-prob wins) and orders best first. */
    static List<Candidate> dedupe(List<Candidate> candidates) {
        return SearchTree.dedupe(candidates);
    }
}
