package dev.leanagent.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * One theorem's search as a state machine, with no threads and no waiting: {@link #next()} says
 * which requests to send to the ports now, and the replies come back through
 * {@link #started}, {@link #suggested}, {@link #applied} and {@link #failed}, in any order. A
 * driver that blocks ({@link BestFirstSearch}) and one that never does (the agent's search actor)
 * share it, so the decisions are tested once, without actors and without Lean.
 *
 * <p>One ordered set holds what is left to do: nodes to expand and, once a node is expanded, its
 * candidates to try. In {@link SearchSettings.Order#NODE} order a node's candidates go before
 * everything else, so the node is finished before the next is chosen; in
 * {@link SearchSettings.Order#TACTIC} order each candidate waits its turn by the priority of the
 * path it would make. Up to {@code parallelTactics} tactics are in flight at once, taken from the
 * front of that order; expansions are counted when a node is taken, and the search stops at the
 * first complete state with the shortest proof among the states linked so far. A
 * {@link SearchListener} given at construction is told each state first seen, each tactic tried
 * and the end, as decided (the agent writes traces from it).
 *
 * <h2>What changes with more than one tactic in flight</h2>
 * With {@code parallelTactics = 1} the requests, their order and the result are those of the
 * sequential search (the tests hold it to that). With more, three things may differ, because a
 * decision is taken before every reply it would have waited for is in:
 * <ul>
 *   <li>Which node is expanded next: it is chosen when a tactic slot frees, among the states known
 *       then, while siblings' tactics still run; the sequential search would have seen their states
 *       too. So a node may be expanded that a better late sibling would have overtaken, and within
 *       a fixed expansion budget another set of nodes may be expanded.</li>
 *   <li>Which proof is reported: still the shortest among the linked states when the first complete
 *       state arrives, but which states are linked then depends on the order Lean answered in; a
 *       proof the sequential search would have found first may be missed in favour of another.</li>
 *   <li>Which tactics run: while the next node waits for its candidates, lower-ranked candidates of
 *       other nodes may run (in tactic order) rather than leave Lean idle, and the best open node is
 *       asked for its candidates ahead of time ({@link Suggest} with {@code ahead}), so the generator
 *       may be asked about a node the search never expands. Neither changes the order in which
 *       nodes are expanded, only the work done beside it.</li>
 * </ul>
 * Lean and model time are summed per request, so with requests in parallel they can exceed the
 * wall time.
 */
public final class SearchTree {

    /** What a driver sends on the search's behalf; {@code id} matches the reply to the request. */
    public sealed interface Request {
        long id();
    }

    /** Start the theorem. */
    public record Start(long id) implements Request {
    }

    /** Ask the generator for candidates of a state; {@code ahead} when the node is not taken yet. */
    public record Suggest(long id, SearchState state, boolean ahead) implements Request {
    }

    /** Apply a candidate to a state. */
    public record Apply(long id, SearchState state, Candidate candidate) implements Request {
    }

    private final SearchSettings settings;
    private final int parallelTactics;
    private final String generatorName;
    private final LongSupplier clock;
    private final long startNanos;
    private final SearchListener listener;

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final NavigableSet<Work> open;
    private final Map<Long, Pending> inFlight = new HashMap<>();
    private final List<SearchState> releasable = new ArrayList<>();
    private final Map<String, Integer> failureKinds = new TreeMap<>();
    private long queued;
    private long nextId = 1;
    private long tacticsSent;
    private List<Integer> proofPath = List.of();
    private boolean startSent;
    private Node root;
    private Node awaiting;
    private int tacticsInFlight;
    private int suggestsInFlight;
    private int expansions;
    private boolean depthCut;
    private long modelNanos;
    private long leanNanos;
    private SearchOutcome outcome;

    public SearchTree(SearchSettings settings, int parallelTactics, String generatorName, LongSupplier clock) {
        this(settings, parallelTactics, generatorName, clock, SearchListener.NONE);
    }

    /** A search whose tree {@code listener} watches grow (for traces). */
    public SearchTree(SearchSettings settings, int parallelTactics, String generatorName, LongSupplier clock,
                      SearchListener listener) {
        if (parallelTactics < 1) throw new IllegalArgumentException("parallel tactics must be at least 1");
        this.settings = settings;
        this.parallelTactics = parallelTactics;
        this.generatorName = generatorName;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.listener = listener;
        Comparator<Work> byPriority = Comparator.comparingDouble(Work::priority).reversed();
        this.open = new TreeSet<>(byPriority.thenComparingLong(Work::order));
    }

    private static final class Node {
        /** In the order first seen, the root 0 (as traces number states). */
        final int id;
        final SearchState state;
        final int depth;
        final double logprob;
        final Map<String, Node> children = new LinkedHashMap<>();
        final List<Node> parents = new ArrayList<>();
        boolean expanded;
        boolean failed;
        /** Which expansion took this node (from 1), 0 while not taken. */
        int expansion;
        int pending;
        /** The generator was asked; {@code candidates} or {@code suggestFailure} once it answered. */
        boolean asked;
        List<Candidate> candidates;
        String suggestFailure;

        Node(int id, SearchState state, int depth, double logprob) {
            this.id = id;
            this.state = state;
            this.depth = depth;
            this.logprob = logprob;
        }
    }

    /** A node to expand ({@code candidate} null) or a candidate of an expanded node to try. */
    private record Work(Node node, Candidate candidate, double priority, long order) {
    }

    /** {@code seq}: for a tactic, the order it was sent in (from 1). */
    private record Pending(Request request, Node node, long sentNanos, long seq) {
    }

    // --- the driver's side

    /** The requests to send now (none while waiting for replies, or once the search is over). */
    public List<Request> next() {
        List<Request> out = new ArrayList<>();
        if (outcome != null) return out;
        if (!startSent) {
            startSent = true;
            out.add(send(new Start(nextId++), null));
            return out;
        }
        if (root == null) return out;
        while (outcome == null && !timedOut() && tacticsInFlight < parallelTactics) {
            Work w = firstRunnable();
            if (w == null) break;
            if (w.candidate != null) {
                open.remove(w);
                tacticsInFlight++;
                out.add(send(new Apply(nextId++, w.node.state, w.candidate), w.node));
                continue;
            }
            if (expansions >= settings.maxExpansions()) break; // settled below once nothing is in flight
            open.remove(w);
            expansions++;
            w.node.expansion = expansions;
            awaiting = w.node;
            if (w.node.suggestFailure != null) generatorFailed(w.node.suggestFailure);
            else if (w.node.candidates != null) expandWith(w.node);
            else if (!w.node.asked) out.add(suggest(w.node, false));
        }
        if (outcome == null) settleIfIdle();
        if (outcome == null && parallelTactics > 1 && suggestsInFlight == 0) askAhead(out);
        return out;
    }

    public void started(Start request, TacticResult result) {
        Pending p = inFlight.remove(request.id());
        if (p == null || outcome != null) {
            releaseIfState(result);
            return;
        }
        leanNanos += clock.getAsLong() - p.sentNanos;
        if (result instanceof TacticResult.Failure f) {
            finish(SearchStatus.ERROR, List.of(), "the theorem could not be started: " + f.kind() + ": " + f.message());
            return;
        }
        root = node(((TacticResult.Success) result).state(), 0, 0);
        if (root.state.complete()) {
            proofPath = List.of(root.id);
            finish(SearchStatus.FOUND, List.of(), null);
        } else {
            open.add(new Work(root, null, priority(root), ++queued));
        }
    }

    public void suggested(Suggest request, List<Candidate> candidates) {
        Pending p = inFlight.remove(request.id());
        if (p == null) return;
        suggestsInFlight--;
        modelNanos += clock.getAsLong() - p.sentNanos;
        if (outcome != null) return;
        p.node.candidates = candidates;
        if (awaiting == p.node) expandWith(p.node);
    }

    public void applied(Apply request, TacticResult result) {
        Pending p = inFlight.remove(request.id());
        if (p == null || outcome != null) {
            releaseIfState(result);
            return;
        }
        tacticsInFlight--;
        long took = clock.getAsLong() - p.sentNanos;
        leanNanos += took;
        Node node = p.node;
        try {
            if (result instanceof TacticResult.Failure f) {
                failureKinds.merge(f.kind(), 1, Integer::sum);
                tried(p, SearchListener.Outcome.ERROR, null, false, f.kind(), f.message(), took);
                return;
            }
            SearchState s = ((TacticResult.Success) result).state();
            Node existing = nodes.get(s.canonical());
            if (existing != null) {
                releasable.add(s); // the same state is held by its first node already
                if (existing != node && !node.children.containsValue(existing)) {
                    link(node, request.candidate().tactic(), existing);
                    tried(p, SearchListener.Outcome.OK, existing, false, null, null, took);
                } else {
                    failureKinds.merge("no_progress", 1, Integer::sum);
                    tried(p, SearchListener.Outcome.ERROR, existing, false, "no_progress",
                            existing == node ? "the state did not change" : "another tactic of this state led there already",
                            took);
                }
                return;
            }
            Node child = node(s, node.depth + 1, node.logprob + request.candidate().logprob());
            link(node, request.candidate().tactic(), child);
            tried(p, s.complete() ? SearchListener.Outcome.PROVED : SearchListener.Outcome.OK, child, true, null, null, took);
            if (s.complete()) {
                finish(SearchStatus.FOUND, shortestProof(), null);
                return;
            }
            if (child.depth >= settings.maxDepth()) depthCut = true;
            else open.add(new Work(child, null, priority(child), ++queued));
        } finally {
            if (outcome == null && --node.pending == 0) {
                node.expanded = true;
                propagateFailure(node);
            }
        }
    }

    /** A port's future failed (or the call threw): the search ends in an error, as it cannot go on. */
    public void failed(Request request, Throwable error) {
        Pending p = inFlight.remove(request.id());
        if (p == null || outcome != null) return;
        String message = messageOf(error);
        if (request instanceof Suggest) {
            suggestsInFlight--;
            modelNanos += clock.getAsLong() - p.sentNanos;
            if (awaiting == p.node) generatorFailed(message);
            else p.node.suggestFailure = message; // asked ahead: an error only if the node is taken
            return;
        }
        if (request instanceof Apply) {
            tacticsInFlight--;
            tried(p, SearchListener.Outcome.ERROR, null, false, "environment_failed", message,
                    clock.getAsLong() - p.sentNanos);
        }
        finish(SearchStatus.ERROR, List.of(), "the proof environment failed: " + message);
    }

    /** Ends the search now with this status (cancelled, or a deadline from outside). */
    public void stop(SearchStatus status, String reason) {
        if (outcome == null) finish(status, List.of(), reason);
    }

    /** Ends the search for its wall-clock limit. */
    public void timeUp() {
        if (outcome == null) finish(SearchStatus.TIMEOUT, List.of(), timeoutReason());
    }

    /** The result once the search is over; replies may still be in flight (see {@link #inFlight()}). */
    public SearchOutcome outcome() {
        return outcome;
    }

    /** Requests sent and not yet answered. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * States the search no longer needs, for the driver to release in the environment: a state
     * reached twice, every state once the search is over, and states that arrive after it.
     */
    public List<SearchState> takeReleasable() {
        List<SearchState> out = List.copyOf(releasable);
        releasable.clear();
        return out;
    }

    // --- decisions

    private Request send(Request r, Node node) {
        inFlight.put(r.id(), new Pending(r, node, clock.getAsLong(), r instanceof Apply ? ++tacticsSent : 0));
        return r;
    }

    private void tried(Pending p, SearchListener.Outcome outcome, Node child, boolean newChild, String errorKind,
                       String errorMessage, long nanos) {
        listener.tacticTried(new SearchListener.TacticTried(p.seq, p.node.expansion, p.node.id,
                ((Apply) p.request).candidate(), outcome, child == null ? null : child.id, newChild, errorKind,
                errorMessage, nanos));
    }

    private Request suggest(Node node, boolean ahead) {
        node.asked = true;
        suggestsInFlight++;
        return send(new Suggest(nextId++, node.state, ahead), node);
    }

    /**
     * The front of the order, or with tactics in parallel, while the node taken last waits for its
     * candidates, the first candidate to try behind the nodes (rather than leave Lean idle).
     */
    private Work firstRunnable() {
        if (awaiting == null) return open.isEmpty() ? null : open.first();
        if (parallelTactics == 1) return null;
        for (Work w : open) {
            if (w.candidate != null) return w;
        }
        return null;
    }

    /** With nothing in flight that could add work, an empty order or a spent budget ends the search. */
    private void settleIfIdle() {
        if (tacticsInFlight > 0 || awaiting != null) return;
        if (open.isEmpty()) {
            if (depthCut) {
                finish(SearchStatus.BUDGET, List.of(), "every open state is " + settings.maxDepth()
                        + " tactics deep (the depth limit) after " + expansions + " expansions");
            } else {
                finish(SearchStatus.FAILED, List.of(), "search space exhausted after " + expansions + " expansions"
                        + failureSummary());
            }
        } else if (open.first().candidate == null && expansions >= settings.maxExpansions()) {
            finish(SearchStatus.BUDGET, List.of(), "no proof within " + settings.maxExpansions() + " expansions");
        }
    }

    /** Asks the generator about the node most likely to be taken next, so it is ready when taken. */
    private void askAhead(List<Request> out) {
        if (expansions >= settings.maxExpansions()) return;
        for (Work w : open) {
            if (w.candidate == null) {
                if (!w.node.asked) out.add(suggest(w.node, true));
                return;
            }
        }
    }

    private void expandWith(Node node) {
        awaiting = null;
        List<Candidate> candidates = dedupe(node.candidates);
        node.pending = candidates.size();
        if (candidates.isEmpty()) {
            node.expanded = true;
            propagateFailure(node);
        }
        for (Candidate c : candidates) {
            double p = settings.order() == SearchSettings.Order.NODE ? Double.POSITIVE_INFINITY
                    : priority(node.logprob + c.logprob(), node.depth + 1);
            open.add(new Work(node, c, p, ++queued));
        }
    }

    private void generatorFailed(String message) {
        finish(SearchStatus.ERROR, List.of(), "the tactic generator " + generatorName + " failed: " + message);
    }

    private boolean timedOut() {
        if (clock.getAsLong() - startNanos < settings.timeout().toNanos()) return false;
        finish(SearchStatus.TIMEOUT, List.of(), timeoutReason());
        return true;
    }

    private String timeoutReason() {
        return "no proof within " + settings.timeout().toSeconds() + " s (" + expansions + " expansions)";
    }

    private void finish(SearchStatus status, List<String> proof, String reason) {
        long now = clock.getAsLong();
        outcome = new SearchOutcome(status, List.copyOf(proof), reason, expansions, nodes.size(),
                (now - startNanos) / 1e9, modelNanos / 1e9, leanNanos / 1e9);
        nodes.values().forEach(n -> releasable.add(n.state));
        open.clear();
        awaiting = null;
        // Tactics still in flight are reported now, in the order sent: their replies will be ignored.
        inFlight.values().stream().filter(p -> p.request instanceof Apply).sorted(Comparator.comparingLong(Pending::seq))
                .forEach(p -> tried(p, SearchListener.Outcome.UNANSWERED, null, false, null, null, now - p.sentNanos));
        listener.finished(outcome, status == SearchStatus.FOUND ? proofPath : List.of());
    }

    private void releaseIfState(TacticResult result) {
        if (result instanceof TacticResult.Success s) releasable.add(s.state());
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

    private Node node(SearchState s, int depth, double logprob) {
        Node n = new Node(nodes.size(), s, depth, logprob);
        nodes.put(s.canonical(), n);
        listener.stateSeen(new SearchListener.StateSeen(n.id, s, depth));
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
    private static void propagateFailure(Node start) {
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

    /**
     * Breadth first from the root over the links made: the fewest tactics to a complete state.
     * Keeps the states along it in {@code proofPath}, for the listener.
     */
    private List<String> shortestProof() {
        Map<Node, Node> via = new HashMap<>();
        Map<Node, String> tacticTo = new HashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        via.put(root, null);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (n.state.complete()) {
                List<String> proof = new ArrayList<>();
                List<Integer> path = new ArrayList<>(List.of(n.id));
                for (Node at = n; via.get(at) != null; at = via.get(at)) {
                    proof.add(0, tacticTo.get(at));
                    path.add(0, via.get(at).id);
                }
                proofPath = List.copyOf(path);
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

    private static String messageOf(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
