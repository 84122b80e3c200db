package dev.leanagent.agent.trace;

import dev.leanagent.search.SearchListener;
import dev.leanagent.search.SearchOutcome;
import dev.leanagent.search.SearchState;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * One search's trace file, written as the tree grows. Lines go to a buffer (the search's actor
 * calls this and must not wait on the disk for each line) in {@code NAME.jsonl.part}; at the end of
 * the search the file is flushed, closed and renamed to {@code NAME.jsonl}. So a crash loses at most
 * the searches still running, and every {@code .jsonl} in a trace directory is complete.
 *
 * <p>A trace that cannot be written costs the trace, not the search: the first failure is said on
 * stderr and the rest of this trace is dropped.
 */
public final class TraceWriter implements SearchListener {

    private static final int BUFFER_CHARS = 1 << 16;

    private final Path target;
    private final Path part;
    private Writer out;

    /** Opens {@code dir/fileName.part} and writes the header. */
    TraceWriter(Path dir, String fileName, TraceLine.Search header) {
        this.target = dir.resolve(fileName);
        this.part = dir.resolve(fileName + ".part");
        try {
            out = new BufferedWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8), BUFFER_CHARS);
        } catch (IOException e) {
            fail(e);
        }
        write(header);
    }

    /**
     * Lean's default printout of the state, which a model is prompted with. The search state does
     * not carry it yet (issue 15 adds {@code SearchState.pretty}); until it does, null, and readers
     * fall back to the canonical text. The trace field is already named {@code pretty}.
     */
    static String prettyOf(SearchState state) {
        return state.pretty();
    }

    @Override
    public void stateSeen(StateSeen s) {
        SearchState st = s.state();
        write(new TraceLine.State(s.id(), s.depth(), st.complete(), st.goals(), st.canonical(), prettyOf(st)));
    }

    @Override
    public void tacticTried(TacticTried t) {
        write(new TraceLine.Tactic(t.seq(), t.expansion(), t.parent(), t.candidate().tactic(), t.candidate().logprob(),
                t.candidate().limit() == null ? null : t.candidate().limit().toMillis(),
                t.outcome().name().toLowerCase(Locale.ROOT), t.child(), t.newChild(), t.errorKind(), t.errorMessage(),
                Math.round(t.leanNanos() / 1000.0) / 1000.0));
    }

    @Override
    public void finished(SearchOutcome o, List<Integer> proofPath) {
        write(new TraceLine.End(o.status().name().toLowerCase(Locale.ROOT), o.proof(), proofPath, o.reason(),
                o.expansions(), o.nodes(), Math.round(o.seconds() * 1000) / 1000.0));
        if (out == null) return;
        try {
            out.close();
            out = null;
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The finished trace's path. */
    Path path() {
        return target;
    }

    private void write(TraceLine line) {
        if (out == null) return;
        try {
            out.write(TraceFormat.write(line));
            out.write('\n');
        } catch (IOException | UncheckedIOException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        System.err.println("lean-agent: the trace " + part + " could not be written, it is dropped: " + e.getMessage());
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
        out = null;
    }
}
