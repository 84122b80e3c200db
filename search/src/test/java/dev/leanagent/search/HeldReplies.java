package dev.leanagent.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.ToIntFunction;

/**
 * Drives a {@link SearchTree} over a {@link ScriptedProof} the way an actor would, but with the
 * order of the replies in the test's hands: each request is sent to the script at once, its reply
 * held, and the next reply to deliver is picked from those held. Counts the tactics in flight.
 */
final class HeldReplies {

    record Held(SearchTree.Request request, Object reply) {
    }

    /** Which held reply arrives next. */
    static final ToIntFunction<List<Held>> OLDEST_FIRST = held -> 0;
    static final ToIntFunction<List<Held>> NEWEST_FIRST = held -> held.size() - 1;

    static ToIntFunction<List<Held>> shuffled(long seed) {
        Random random = new Random(seed);
        return held -> random.nextInt(held.size());
    }

    final ScriptedProof script;
    final SearchTree tree;
    final List<Held> held = new ArrayList<>();
    final List<SearchTree.Request> sent = new ArrayList<>();
    int mostTacticsInFlight;

    HeldReplies(ScriptedProof script, SearchSettings settings, int parallelTactics) {
        this(script, settings, parallelTactics, SearchListener.NONE);
    }

    HeldReplies(ScriptedProof script, SearchSettings settings, int parallelTactics, SearchListener listener) {
        this.script = script;
        this.tree = new SearchTree(settings, parallelTactics, script.name(), System::nanoTime, listener);
    }

    static SearchSettings budget(int expansions, int depth, SearchSettings.Order order) {
        return new SearchSettings(expansions, Duration.ofSeconds(600), depth, SearchSettings.Priority.CUMULATIVE, order);
    }

    /** Sends what the tree asks for and holds the replies. */
    void send() {
        for (SearchTree.Request r : tree.next()) {
            sent.add(r);
            held.add(new Held(r, call(r)));
        }
        script.release(tree.takeReleasable()); // the search may end in next() itself
        int tactics = (int) held.stream().filter(h -> h.request() instanceof SearchTree.Apply).count();
        mostTacticsInFlight = Math.max(mostTacticsInFlight, tactics);
    }

    /** Delivers one held reply, releasing what the tree lets go of. */
    void deliver(int index) {
        Held h = held.remove(index);
        if (h.request() instanceof SearchTree.Start s) tree.started(s, (TacticResult) h.reply());
        else if (h.request() instanceof SearchTree.Apply a) tree.applied(a, (TacticResult) h.reply());
        else if (h.reply() instanceof Throwable t) tree.failed(h.request(), t);
        else {
            @SuppressWarnings("unchecked")
            List<Candidate> candidates = (List<Candidate>) h.reply();
            tree.suggested((SearchTree.Suggest) h.request(), candidates);
        }
        script.release(tree.takeReleasable());
    }

    /** Runs to the end, then delivers the replies still held (they arrive after it, as in life). */
    SearchOutcome run(ToIntFunction<List<Held>> order) {
        send();
        while (tree.outcome() == null) {
            if (held.isEmpty()) throw new AssertionError("the search waits for nothing and has no outcome");
            deliver(order.applyAsInt(held));
            send();
        }
        while (!held.isEmpty()) deliver(0);
        return tree.outcome();
    }

    private Object call(SearchTree.Request r) {
        try {
            if (r instanceof SearchTree.Start) return script.start().toCompletableFuture().get();
            if (r instanceof SearchTree.Apply a) return script.apply(a.state(), a.candidate()).toCompletableFuture().get();
            return script.suggest(((SearchTree.Suggest) r).state()).toCompletableFuture().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
