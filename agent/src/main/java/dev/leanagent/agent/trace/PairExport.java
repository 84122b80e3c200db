package dev.leanagent.agent.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's results and traces as (state, tactic) training pairs, the data of expert iteration (PACT,
 * InternLM-Math): for each proved theorem, the states along the reported proof, each with the
 * tactic applied there. The states come from the trace, walked along the result's proof, so a
 * trace of another run (another proof) is an error, not silently wrong data.
 */
public final class PairExport {

    /**
     * One pair. {@code state} is the text a model is prompted with: the pretty printout, or, when
     * the trace has none, the canonical text, and {@code stateText} says which ({@code pretty} or
     * {@code canonical}). {@code step} counts from 0 along the proof.
     */
    public record Pair(String file, String name, int attempt, int step, String state, String stateText,
                       String canonical, String tactic, double logprob, int stateId) {
    }

    /** What was exported, and what was left aside: trace files a crash cut short ({@code .part}). */
    public record Export(List<Pair> pairs, int proofs, int unfinishedTraces) {
    }

    /** Input that cannot be turned into pairs; the message names the file and the line. */
    public static final class ExportException extends Exception {
        ExportException(String message) {
            super(message);
        }
    }

    private record Key(String file, String name, int attempt) {
        @Override
        public String toString() {
            return name + " (" + file + ", attempt " + attempt + ")";
        }
    }

    private record Numbered<T>(T value, int line) {
    }

    private PairExport() {
    }

    public static Export export(Path results, Path traces) throws ExportException {
        Map<Key, Numbered<ProofResult>> latest = readResults(results);
        Map<Key, Path> traceFiles = indexTraces(traces);
        List<Pair> pairs = new ArrayList<>();
        int proofs = 0;
        for (Map.Entry<Key, Numbered<ProofResult>> e : latest.entrySet()) {
            ProofResult r = e.getValue().value();
            if (!r.status().equals(ProofResult.PROVED)) continue;
            String where = results + " line " + e.getValue().line();
            Path trace = traceFiles.get(e.getKey());
            if (trace == null) {
                throw new ExportException(where + ": " + e.getKey() + " is proved but " + traces + " has no trace of it"
                        + " (a trace is written by prove or bench with --trace DIR; a theorem skipped by --resume "
                        + "keeps the trace of the run that proved it)");
            }
            pairs.addAll(pairsOf(e.getKey(), r, where, trace));
            proofs++;
        }
        return new Export(List.copyOf(pairs), proofs, unfinished(traces));
    }

    /** The last result line of each theorem and attempt (the one that stands, as on --resume). */
    private static Map<Key, Numbered<ProofResult>> readResults(Path results) throws ExportException {
        if (!Files.isRegularFile(results)) throw new ExportException("the results file " + results + " does not exist");
        Map<Key, Numbered<ProofResult>> out = new LinkedHashMap<>();
        List<String> lines = readLines(results);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            ProofResult r;
            try {
                r = ProofResults.json().readValue(lines.get(i), ProofResult.class);
            } catch (JsonProcessingException e) {
                throw new ExportException(results + " line " + (i + 1) + " is not a result line (search/RESULTS.md): "
                        + e.getOriginalMessage());
            }
            if (r.name() == null || r.status() == null) {
                throw new ExportException(results + " line " + (i + 1) + " is not a result line: it has no name or status");
            }
            Key k = new Key(r.file(), r.name(), r.attempt());
            out.remove(k);
            out.put(k, new Numbered<>(r, i + 1));
        }
        return out;
    }

    /** Each complete trace of the directory by the theorem and attempt its header names. */
    private static Map<Key, Path> indexTraces(Path dir) throws ExportException {
        if (!Files.isDirectory(dir)) throw new ExportException("the trace directory " + dir + " does not exist");
        Map<Key, Path> out = new HashMap<>();
        for (Path f : list(dir, TraceFormat.SUFFIX)) {
            String first;
            try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
                first = lines.findFirst().orElse("");
            } catch (IOException | UncheckedIOException e) {
                throw new ExportException("cannot read the trace " + f + ": " + e.getMessage());
            }
            if (!(parse(first, f, 1) instanceof TraceLine.Search h)) {
                throw new ExportException(f + " line 1: not a trace header (the first line of a trace is of type search)");
            }
            Key k = new Key(h.file(), h.name(), h.attempt());
            Path before = out.put(k, f);
            if (before != null) throw new ExportException(before + " and " + f + " both trace " + k);
        }
        return out;
    }

    private static List<Pair> pairsOf(Key key, ProofResult r, String where, Path trace) throws ExportException {
        Map<Integer, TraceLine.State> states = new HashMap<>();
        Map<String, Numbered<TraceLine.Tactic>> worked = new HashMap<>();
        Numbered<TraceLine.End> end = null;
        List<String> lines = readLines(trace);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            TraceLine line = parse(lines.get(i), trace, i + 1);
            if (line instanceof TraceLine.State s) states.put(s.id(), s);
            else if (line instanceof TraceLine.Tactic t && t.child() != null
                    && (t.outcome().equals("ok") || t.outcome().equals("proved"))) {
                worked.put(t.parent() + "\n" + t.tactic(), new Numbered<>(t, i + 1));
            } else if (line instanceof TraceLine.End e) end = new Numbered<>(e, i + 1);
        }
        if (end == null) throw new ExportException(trace + " has no end line: it was cut short");
        TraceLine.End e = end.value();
        String endAt = trace + " line " + end.line();
        if (!e.status().equals("found")) {
            throw new ExportException(endAt + ": the search ended " + e.status() + ", but " + where + " says " + key
                    + " was proved: the trace and the results are not of the same run");
        }
        if (!e.proof().equals(r.proof())) {
            throw new ExportException(endAt + ": the trace's proof " + e.proof() + " is not " + where + "'s " + r.proof()
                    + ": the trace and the results are not of the same run");
        }
        List<Pair> out = new ArrayList<>();
        List<Integer> path = new ArrayList<>(List.of(0));
        int at = 0;
        for (int step = 0; step < r.proof().size(); step++) {
            String tactic = r.proof().get(step);
            TraceLine.State s = states.get(at);
            Numbered<TraceLine.Tactic> t = worked.get(at + "\n" + tactic);
            if (s == null || t == null) {
                throw new ExportException(trace + ": no state " + at + " with a tactic `" + tactic + "` that worked, "
                        + "step " + (step + 1) + " of the proof in " + where);
            }
            boolean pretty = s.pretty() != null;
            out.add(new Pair(key.file(), key.name(), key.attempt(), step, pretty ? s.pretty() : s.canonical(),
                    pretty ? "pretty" : "canonical", s.canonical(), tactic, t.value().logprob(), s.id()));
            at = t.value().child();
            path.add(at);
        }
        TraceLine.State last = states.get(at);
        if (last == null || !last.complete()) {
            throw new ExportException(trace + ": the proof in " + where + " leads to state " + at + ", which is not complete");
        }
        if (!e.path().equals(path)) {
            throw new ExportException(endAt + ": the proof's states " + e.path() + " are not those its tactics lead to "
                    + path);
        }
        return out;
    }

    private static TraceLine parse(String json, Path file, int line) throws ExportException {
        try {
            return TraceFormat.read(json);
        } catch (JsonProcessingException e) {
            throw new ExportException(file + " line " + line + " is not a trace line (search/TRACES.md): "
                    + e.getOriginalMessage());
        }
    }

    private static int unfinished(Path dir) throws ExportException {
        return list(dir, TraceFormat.SUFFIX + ".part").size();
    }

    private static List<Path> list(Path dir, String suffix) throws ExportException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new ExportException("cannot list the trace directory " + dir + ": " + e.getMessage());
        }
    }

    private static List<String> readLines(Path file) throws ExportException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExportException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
