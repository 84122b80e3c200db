package dev.leanagent.agent.prove;

import dev.leanagent.agent.UsageException;
import dev.leanagent.search.ErrorOrigin;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A results file (search/RESULTS.md): one JSON line per theorem, appended and flushed at once. */
public final class ResultsFile implements AutoCloseable {

    private final Path path;
    private final BufferedWriter out;

    public ResultsFile(Path path) {
        this.path = path;
        try {
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UsageException("cannot write the results file " + path + ": " + e.getMessage());
        }
    }

    public synchronized void append(ProofResult r) {
        try {
            out.write(ProofResults.line(r));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    /**
     * Names of the theorems of {@code file} that already have a result (for --resume). An error
     * the environment caused ({@link ErrorOrigin}) does not count: the theorem is run again, and
     * its new line, appended later, is the one that stands.
     */
    public static Set<String> finished(Path results, String file) {
        Map<String, ProofResult> last = new LinkedHashMap<>();
        try {
            for (ProofResult r : ProofResults.read(results, n -> System.err.println("lean-agent: ignoring unreadable line "
                    + n + " of " + results))) {
                if (file.equals(r.file())) last.put(r.name(), r);
            }
        } catch (IOException e) {
            throw new UsageException("cannot read the results file " + results + ": " + e.getMessage());
        }
        return last.values().stream().filter(r -> !ErrorOrigin.fromEnvironment(r)).map(ProofResult::name)
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // flushed after every line already
        }
    }
}
