package dev.leanagent.minif2f.run;

import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import dev.leanagent.minif2f.StandaloneTheorems;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.minif2f.Report;
import dev.leanagent.minif2f.Summary;
import dev.leanagent.minif2f.Workspace;
import dev.leanagent.search.ErrorOrigin;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One run of a miniF2F split: checked before anything starts ({@link #prepare}), then each
 * attempt's remaining theorems searched through a {@link TheoremProver}, every result appended to
 * {@code results.jsonl} as it arrives, and the report written from that file. A run directory
 * holds one run: {@code --resume} continues it after an interruption, attempt by attempt.
 */
public final class SplitRun {

    private final RunRequest request;
    private final LeanFile file;
    private final List<Declaration> theorems;
    private final Set<String> done;
    private final Map<String, String> lean;

    private SplitRun(RunRequest request, LeanFile file, List<Declaration> theorems, Set<String> done,
                     Map<String, String> lean) {
        this.request = request;
        this.file = file;
        this.theorems = theorems;
        this.done = done;
        this.lean = lean;
    }

    /**
     * Checks the request and the workspace before any Lean starts or any model loads.
     *
     * @param leanPath the directories the user added to Lean's path (its core library comes from {@code lean})
     * @throws RunSetupException what is wrong, and what to do about it
     */
    public static SplitRun prepare(RunRequest request, LeanToolchain lean, List<Path> leanPath) throws IOException {
        String split = request.split();
        if (!Workspace.SPLITS.contains(split)) throw new RunSetupException("--split must be valid or test, not " + split);
        if (request.attempts() < 1) throw new RunSetupException("--attempts must be at least 1");
        WorkspaceChecks.files(request.workspace(), split);
        WorkspaceChecks.leanVersion(lean);
        LeanFile file = StandaloneTheorems.of(LeanFileReader.read(request.workspace().split(split)));
        WorkspaceChecks.imports(file, lean, leanPath, request.setupDir());
        List<Declaration> theorems = select(file, split, request.names(), request.limit());
        Path results = request.dir().resolve("results.jsonl");
        if (!request.resume() && Files.isRegularFile(results) && Files.size(results) > 0) {
            throw new RunSetupException(results + " already has results: add --resume to continue that run, or choose "
                    + "another --out");
        }
        Set<String> done = request.resume() ? finished(results) : Set.of();
        Map<String, String> leanInfo = new LinkedHashMap<>();
        leanInfo.put("lean", lean.describe());
        leanInfo.put("lean path", leanPath.toString());
        return new SplitRun(request, file, theorems, done, leanInfo);
    }

    /** The split's file as read, for the prover (its header and imports). */
    public LeanFile file() {
        return file;
    }

    /** The theorems selected, in file order. */
    public List<Declaration> theorems() {
        return theorems;
    }

    public Path dir() {
        return request.dir();
    }

    /**
     * Runs what is left of each attempt, then writes the report.
     *
     * @param log progress and problems (stderr); {@code out} gets the one-line result
     * @throws RunSetupException when Lean cannot load the split's imports (before any search)
     */
    public Summary run(TheoremProver prover, PrintStream out, PrintStream log) throws Exception {
        Path dir = dir();
        Path results = dir.resolve("results.jsonl");
        Files.createDirectories(dir);
        endCutLine(results);
        Map<String, String> info = info(prover.settings());
        writeRunJson(info);
        boolean ran = false;
        for (int a = 1; a <= request.attempts(); a++) {
            int number = a;
            List<Attempt> todo = theorems.stream().map(d -> new Attempt(d, number))
                    .filter(t -> !done.contains(key(t.name(), t.number()))).toList();
            log.printf(Locale.ROOT, "lean-agent: miniF2F %s attempt %d: %d theorems to run (%d done before), %s; "
                            + "%s%n", request.split(), a, todo.size(), theorems.size() - todo.size(),
                    prover.concurrency() > 0 ? prover.concurrency() + " at a time" : "as many at a time as the searchers ask for",
                    lean.get("lean"));
            if (todo.isEmpty()) continue;
            if (!ran) {
                prover.warmUp().ifPresent(why -> {
                    throw new RunSetupException(ImportLoadFailure.describe(file.imports(), why));
                });
            }
            prover.prove(todo, r -> append(results, r));
            ran = true;
        }
        if (ran) { // a resumed run with nothing left started no Lean, and should not start one to report on it
            info.putAll(prover.account());
            writeRunJson(info);
        }
        List<ProofResult> all = ProofResults.read(results);
        Summary s = Summary.of(request.split(), all);
        Report.write(dir, s, info, all).ifPresent(problem -> log.println("lean-agent: " + problem));
        out.printf(Locale.ROOT, "miniF2F %s: pass@1 %d/%d = %.1f%% (95%% CI %.1f–%.1f%%); report in %s%n", request.split(),
                s.provedAt1(), s.theorems(), 100 * s.passAt1().rate(), 100 * s.passAt1().low(), 100 * s.passAt1().high(),
                dir.resolve("report.md"));
        return s;
    }

    /** run.json: what was run, on what, and how: the harness's part first, then the prover's. */
    private Map<String, String> info(Map<String, String> proverSettings) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("split", request.split() + " (" + theorems.size() + " theorems, " + file.path() + ")");
        m.put("started", Instant.now().toString());
        m.putAll(lean);
        m.put("pinned", "Lean " + Workspace.LEAN_VERSION + ", mathlib " + Workspace.MATHLIB_COMMIT);
        m.put("attempts", Integer.toString(request.attempts()));
        m.putAll(proverSettings);
        return m;
    }

    private void writeRunJson(Map<String, String> info) throws IOException {
        Files.writeString(dir().resolve("run.json"), ProofResults.json().writeValueAsString(info), StandardCharsets.UTF_8);
    }

    /**
     * One line per result, written and closed at once, so that a run killed at any moment leaves
     * every finished theorem on disk (a cut last line is skipped by the reader and run again).
     */
    private static synchronized void append(Path results, ProofResult r) {
        try {
            Files.writeString(results, ProofResults.line(r) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + results, e);
        }
    }

    /** A run killed mid-line leaves its last line without an end: the next result must not be glued to it. */
    private static void endCutLine(Path results) throws IOException {
        if (!Files.isRegularFile(results) || Files.size(results) == 0) return;
        try (RandomAccessFile f = new RandomAccessFile(results.toFile(), "rw")) {
            f.seek(f.length() - 1);
            if (f.read() != '\n') f.write('\n');
        }
    }

    static List<Declaration> select(LeanFile file, String split, Path names, Integer limit) throws IOException {
        List<Declaration> all = file.declarations().stream().filter(Declaration::isTheorem).toList();
        if (names != null) {
            if (!Files.isRegularFile(names)) throw new RunSetupException("no such file: " + names);
            Set<String> wanted = new HashSet<>();
            for (String l : Files.readAllLines(names)) if (!l.isBlank() && !l.startsWith("#")) wanted.add(l.strip());
            Set<String> known = new HashSet<>();
            all.forEach(d -> known.add(d.name()));
            List<String> unknown = wanted.stream().filter(w -> !known.contains(w)).sorted().toList();
            if (!unknown.isEmpty()) throw new RunSetupException("not in " + split + ".lean: " + unknown);
            all = all.stream().filter(d -> wanted.contains(d.name())).toList();
        }
        if (limit != null) {
            if (limit < 1) throw new RunSetupException("--limit must be at least 1");
            all = all.subList(0, Math.min(limit, all.size()));
        }
        return all;
    }

    private static String key(String name, int attempt) {
        return name + "#" + attempt;
    }

    /** Attempts done, except those whose error came from the environment: they are run again (RESULTS.md). */
    private static Set<String> finished(Path results) throws IOException {
        Set<String> keys = new HashSet<>();
        for (ProofResult r : ProofResults.latest(ProofResults.read(results))) {
            if (!ErrorOrigin.fromEnvironment(r)) keys.add(key(r.name(), r.attempt()));
        }
        return keys;
    }
}
