package dev.leanagent.minif2f;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.leanagent.search.ProofResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a results file (search/RESULTS.md). A line cut short by a crash is skipped, not fatal. */
public final class Results {

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Results() {
    }

    /** The mapper results are read and written with (snake_case fields). */
    public static ObjectMapper json() {
        return JSON;
    }

    public static List<ProofResult> read(Path jsonl) throws IOException {
        List<ProofResult> out = new ArrayList<>();
        if (!Files.isRegularFile(jsonl)) return out;
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            try {
                out.add(JSON.readValue(line, ProofResult.class));
            } catch (IOException e) {
                // an interrupted write; that theorem counts as not run
            }
        }
        return out;
    }
}
