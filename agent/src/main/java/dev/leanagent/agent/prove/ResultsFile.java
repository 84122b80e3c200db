package dev.leanagent.agent.prove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.leanagent.agent.UsageException;
import dev.leanagent.search.ProofResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A results file (search/RESULTS.md): one JSON line per theorem, appended and flushed at once. */
public final class ResultsFile implements AutoCloseable {

    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

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
            out.write(JSON.writeValueAsString(r));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    /** Names of the theorems of {@code file} that already have a line (for --resume). */
    public static Set<String> finished(Path results, String file) {
        Set<String> names = new HashSet<>();
        if (!Files.isRegularFile(results)) return names;
        List<String> lines;
        try {
            lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read the results file " + results + ": " + e.getMessage());
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) continue;
            try {
                JsonNode node = JSON.readTree(line);
                if (file.equals(node.path("file").asText())) names.add(node.path("name").asText());
            } catch (IOException e) {
                // a line cut short by a crash: that theorem is simply run again
                System.err.println("lean-agent: ignoring unreadable line " + n + " of " + results);
            }
        }
        return names;
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
