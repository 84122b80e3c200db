package dev.leanagent.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The results-file codec (RESULTS.md): one {@link ProofResult} per line, snake_case fields. Every
 * writer and reader of results files goes through here, so the format has one definition.
 */
public final class ProofResults {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ProofResults() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static String line(ProofResult r) throws IOException {
        return JSON.writeValueAsString(r);
    }

    /** The results in a file (none when it does not exist); a line cut short by a crash is skipped. */
    public static List<ProofResult> read(Path jsonl) throws IOException {
        return read(jsonl, lineNumber -> { });
    }

    /** As {@link #read(Path)}, telling {@code unreadable} the number of each line skipped. */
    public static List<ProofResult> read(Path jsonl, IntConsumer unreadable) throws IOException {
        List<ProofResult> out = new ArrayList<>();
        if (!Files.isRegularFile(jsonl)) return out;
        int n = 0;
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) continue;
            try {
                out.add(JSON.readValue(line, ProofResult.class));
            } catch (IOException e) {
                unreadable.accept(n);
            }
        }
        return out;
    }

    /**
     * One result per theorem and attempt, the last written: a result the environment spoiled
     * ({@link ErrorOrigin}) is run again on resume, and its new line replaces it.
     */
    public static List<ProofResult> latest(List<ProofResult> results) {
        Map<String, ProofResult> last = new LinkedHashMap<>();
        for (ProofResult r : results) {
            String key = r.name() + "#" + r.attempt();
            last.remove(key);
            last.put(key, r);
        }
        return List.copyOf(last.values());
    }
}
