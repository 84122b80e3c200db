package dev.leanagent.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Best-first search for one theorem. Open states are expanded most promising first: the generator
 * proposes tactics, which are tried best first; a new state joins the open set, a state reached
 * again is linked to the node that already has it (the tree is a DAG keyed by canonical text).
 * The search stops at the first complete state and returns the shortest proof among the states
 * it has linked.
 *
 * <p>It blocks on its ports' futures: run it on a thread that may block (one per concurrent
 * search). {@link #cancel} stops it between two requests.
 */
public final class BestFirstSearch {

    private final ProofEnvironment env;
    private final TacticGenerator generator;
    private final SearchSettings settings;
    private final LongSupplier clock;
    private volatile SearchStatus cancelledAs;
    private volatile String cancelReason;

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final PriorityQueue<Work> open;
    private long queued;
    private final Map<String, Integer> failureKinds = new TreeMap<>();
    private int expansions;
    private boolean depthCut;
    private long modelNanos;
    private long leanNanos;
    private long startNanos;

    public BestFirstSearch(ProofEnvironment env, TacticGenerator generator, SearchSettings settings) {
        this(env, generator, settings, System::nanoTime);
    }

    BestFirstSearch(ProofEnvironment env, TacticGenerator generator, SearchSettings settings, LongSupplier clock) {
        this.env = env;
        this.generator = generator;
        this.settings = settings;
        this.clock = clock;
        Comparator<Work> byPriority = Comparator.comparingDouble(Work::priority).reversed();
        this.open = new PriorityQueue<>(byPriority.thenComparingLong(Work::order));
    }

    /** Stops the search at its next step with this status (TIMEOUT from a watchdog, ERROR on shutdown). */
    public void cancel(SearchStatus status, String reason) {
        cancelReason = reason;
        cancelledAs = status;
    }

    private static final class Node {
        final SearchState state;
        final int depth;
        final double logprob;
        final int order;
        final Map<String, Node> children = new LinkedHashMap<>();
        final List<Node> parents = new ArrayList<>();
        boolean expanded;
        boolean failed;
        int pending;

        Node(SearchState state, int depth, double logprob, int order) {
            this.state = state;
            this.depth = depth;
            this.logprob = logprob;
            this.order = order;
        }
    }

    private double priority(Node n) {
        return priority(n.logprob, n.depth);
    }

    private double priority(double logprob, int depth) {
        return switch (settings.priority()) {
            case CUMULATIVE -> logprob;
            case LENGTH_NORMALISED -> depth == 0 ? 0 : logprob / depth;
        };
    }

    /** A node to expand ({@code candidate} null) or a candidate of an expanded node to try. */
    private record Work(Node node, Candidate candidate, double priority, long order) {
    }

    public SearchOutcome run() {
        startNanos = clock.getAsLong();
        try {
            TacticResult first = timed(env::start, true);
            if (first instanceof TacticResult.Failure f) {
                return outcome(SearchStatus.ERROR, List.of(), "the theorem could not be started: " + f.kind() + ": "
                        + f.message());
            }
            Node root = node(((TacticResult.Success) first).state(), 0, 0);
            if (root.state.complete()) return outcome(SearchStatus.FOUND, List.of(), null);
            open.add(new Work(root, null, priority(root), ++queued));
            return loop(root);
        } catch (PortFailure e) {
            return outcome(SearchStatus.ERROR, List.of(), e.getMessage());
        } finally {
            env.release(nodes.values().stream().map(n -> n.state).toList());
        }
    }

    /**
     * One queue holds what is left to do: nodes to expand and, once a node is expanded, its
     * candidates to try. In {@link SearchSettings.Order#NODE} order a node's candidates go before
     * everything else, so the node is finished before the next is chosen; in
     * {@link SearchSettings.Order#TACTIC} order each candidate waits its turn by the priority of the
     * path it would make.
     */
    private SearchOutcome loop(Node root) {
        while (true) {
            SearchOutcome stop = budgetStop();
            if (stop != null) return stop;
            Work next = open.poll();
            if (next == null) {
                return depthCut
                        ? outcome(SearchStatus.BUDGET, List.of(), "every open state is " + settings.maxDepth()
                        + " tactics deep (the depth limit) after " + expansions + " expansions")
                        : outcome(SearchStatus.FAILED, List.of(), "search space exhausted after " + expansions
                        + " expansions" + failureSummary());
            }
            if (next.candidate == null) {
                if (expansions >= settings.maxExpansions()) {
                    return outcome(SearchStatus.BUDGET, List.of(), "no proof within " + settings.maxExpansions()
                            + " expansions");
                }
                expand(next.node);
            } else if (tryCandidate(next.node, next.candidate)) {
                return outcome(SearchStatus.FOUND, shortestProof(root), null);
            }
        }
    }

    private void expand(Node node) {
        expansions++;
        List<Candidate> candidates = dedupe(timed(() -> generator.suggest(node.state), false));
        node.pending = candidates.size();
        if (candidates.isEmpty()) finish(node);
        for (Candidate c : candidates) {
            double p = settings.order() == SearchSettings.Order.NODE ? Double.POSITIVE_INFINITY
                    : priority(node.logprob + c.logprob(), node.depth + 1);
            open.add(new Work(node, c, p, ++queued));
        }
    }

    /** @return whether the tactic completed the proof */
    private boolean tryCandidate(Node node, Candidate c) {
        try {
            TacticResult r = timed(() -> env.apply(node.state, c), true);
            if (r instanceof TacticResult.Failure f) {
                failureKinds.merge(f.kind(), 1, Integer::sum);
                return false;
            }
            SearchState s = ((TacticResult.Success) r).state();
            Node existing = nodes.get(s.canonical());
            if (existing != null) {
                env.release(List.of(s)); // the same state is held by its first node already
                if (existing != node && !node.children.containsValue(existing)) link(node, c.tactic(), existing);
                else failureKinds.merge("no_progress", 1, Integer::sum);
                return false;
            }
            Node child = node(s, node.depth + 1, node.logprob + c.logprob());
            link(node, c.tactic(), child);
            if (s.complete()) return true;
            if (child.depth >= settings.maxDepth()) depthCut = true;
            else open.add(new Work(child, null, priority(child), ++queued));
            return false;
        } finally {
            if (--node.pending == 0) finish(node);
        }
    }

    private void finish(Node node) {
        node.expanded = true;
        propagateFailure(node);
    }

    private SearchOutcome budgetStop() {
        if (cancelledAs != null) return outcome(cancelledAs, List.of(), cancelReason);
        double elapsed = (clock.getAsLong() - startNanos) / 1e9;
        if (elapsed >= settings.timeout().toNanos() / 1e9) {
            return outcome(SearchStatus.TIMEOUT, List.of(), "no proof within " + settings.timeout().toSeconds()
                    + " s (" + expansions + " expansions)");
        }
        return null;
    }

    private Node node(SearchState s, int depth, double logprob) {
        Node n = new Node(s, depth, logprob, nodes.size());
        nodes.put(s.canonical(), n);
        return n;
    }

    private static void link(Node parent, String tactic, Node child) {
        parent.children.put(tactic, child);
        child.parents.add(parent);
    }

    /** Merges repeated tactics (the best log-prob wins) and orders best first. */
    static List<Candidate> dedupe(List<Candidate> candidates) {
        Map<String, Candidate> best = new HashMap<>();
        for (Candidate c : candidates) {
            String t = c.tactic().strip();
            if (t.isEmpty()) continue;
            best.merge(t, new Candidate(t, c.logprob(), c.limit()), (a, b) -> a.logprob() >= b.logprob() ? a : b);
        }
        return best.values().stream().sorted(Comparator.comparingDouble(Candidate::logprob).reversed()
                .thenComparing(Candidate::tactic)).toList();
    }

    /** A node whose children all failed (or that has none) failed; so may its parents. */
    private void propagateFailure(Node start) {
        ArrayDeque<Node> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            if (n.failed || !n.expanded) continue;
            if (n.children.values().stream().allMatch(c -> c.failed)) {
                n.failed = true;
                todo.addAll(n.parents);
            }
        }
    }

    /** Breadth first from the root over the links made: the fewest tactics to a complete state. */
    private List<String> shortestProof(Node root) {
        Map<Node, Node> via = new HashMap<>();
        Map<Node, String> tacticTo = new HashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        via.put(root, null);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (n.state.complete()) {
                List<String> proof = new ArrayList<>();
                for (Node at = n; via.get(at) != null; at = via.get(at)) proof.add(0, tacticTo.get(at));
                return proof;
            }
            for (Map.Entry<String, Node> e : n.children.entrySet()) {
                if (via.containsKey(e.getValue())) continue;
                via.put(e.getValue(), n);
                tacticTo.put(e.getValue(), e.getKey());
                queue.add(e.getValue());
            }
        }
        throw new IllegalStateException("a complete state was linked but is not reachable from the root");
    }

    private String failureSummary() {
        if (failureKinds.isEmpty()) return "; no tactic was proposed";
        StringBuilder sb = new StringBuilder("; tactics that did not help: ");
        failureKinds.forEach((k, v) -> sb.append(k).append(' ').append(v).append(", "));
        return sb.substring(0, sb.length() - 2);
    }

    private static final class PortFailure extends RuntimeException {
        PortFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private <T> T timed(Supplier<CompletionStage<T>> call, boolean lean) {
        long t0 = clock.getAsLong();
        try {
            return call.get().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortFailure("interrupted", e);
        } catch (PortFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PortFailure((lean ? "the proof environment" : "the tactic generator " + generator.name())
                    + " failed: " + e, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PortFailure((lean ? "the proof environment" : "the tactic generator " + generator.name())
                    + " failed: " + cause.getMessage(), cause);
        } finally {
            long spent = clock.getAsLong() - t0;
            if (lean) leanNanos += spent; else modelNanos += spent;
        }
    }

    private SearchOutcome outcome(SearchStatus status, List<String> proof, String reason) {
        return new SearchOutcome(status, List.copyOf(proof), reason, expansions, nodes.size(),
                (clock.getAsLong() - startNanos) / 1e9, modelNanos / 1e9, leanNanos / 1e9);
    }
}
