package dev.leanagent.minif2f.run;

import dev.leanagent.minif2f.Comparison;
import dev.leanagent.minif2f.Report;
import dev.leanagent.minif2f.Summary;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A finished (or interrupted) run as its directory holds it: for rebuilding its report or comparing two runs. */
public record RunDirectory(Path dir, Map<String, String> info, List<ProofResult> results, String split) {

    public static RunDirectory read(Path dir) throws IOException {
        Path results = dir.resolve("results.jsonl");
        if (!Files.isRegularFile(results)) throw new RunSetupException("no results.jsonl in " + dir);
        Map<String, String> info = new LinkedHashMap<>();
        Path runJson = dir.resolve("run.json");
        if (Files.isRegularFile(runJson)) {
            ProofResults.json().readTree(runJson.toFile()).fields()
                    .forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
        }
        String split = info.getOrDefault("split", "valid").startsWith("test") ? "test" : "valid";
        return new RunDirectory(dir, info, ProofResults.read(results), split);
    }

    /** Writes summary.json, report.md and chart.png again from results.jsonl; returns why the chart was not drawn, if so. */
    public Optional<String> writeReport() throws IOException {
        return Report.write(dir, Summary.of(split, results), info, results);
    }

    /** Two runs of one split side by side, in Markdown. */
    public static String compare(RunDirectory a, RunDirectory b) {
        try {
            return Comparison.of(a.side(), b.side()).markdown();
        } catch (IllegalArgumentException e) {
            throw new RunSetupException(e.getMessage());
        }
    }

    private Comparison.Run side() {
        return Comparison.Run.of(dir.toString(), info, split, results);
    }
}
