package dev.leanagent.minif2f;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.TacticName;
import dev.leanagent.search.ProofResults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Writes {@code summary.json}, {@code report.md} and {@code chart.png} for a run directory. */
public final class Report {

    private Report() {
    }

    /** @return why the chart could not be drawn, or empty when it was */
    public static Optional<String> write(Path dir, Summary s, Map<String, String> run, List<ProofResult> results)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), ProofResults.json().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Map.of("run", run, "summary", s)), StandardCharsets.UTF_8);
        Optional<String> chartProblem = Optional.empty();
        try {
            Chart.write(dir.resolve("chart.png"), s, results);
        } catch (IOException | RuntimeException | Error e) {
            // a headless Java without fonts cannot draw text; the figures are all in report.md anyway
            chartProblem = Optional.of("chart.png not drawn (" + e + "); Java2D needs fontconfig and a font, e.g. "
                    + "`apt-get install fontconfig fonts-dejavu-core`");
        }
        Files.writeString(dir.resolve("report.md"), markdown(s, run, chartProblem.isEmpty(), results),
                StandardCharsets.UTF_8);
        return chartProblem;
    }

    public static String markdown(Summary s, Map<String, String> run, boolean withChart, List<ProofResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# miniF2F ").append(s.split()).append(" (Lean 3)\n\n");
        if (withChart) md.append("![pass rates, categories, costs and outcomes](chart.png)\n\n");
        run.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n');
        md.append(String.format(Locale.ROOT, "**pass@1: %d / %d = %s** (95%% CI %s–%s, Wilson)%n", s.provedAt1(),
                s.theorems(), pct(s.passAt1().rate()), pct(s.passAt1().low()), pct(s.passAt1().high())));
        if (s.attempts() > 1) {
            md.append(String.format(Locale.ROOT, "%n**pass@%d: %d / %d = %s** (95%% CI %s–%s)%n", s.attempts(),
                    s.provedAtK(), s.theorems(), pct(s.passAtK().rate()), pct(s.passAtK().low()), pct(s.passAtK().high())));
        }
        md.append("\nEvery proof counted passed an independent check: a fresh sandboxed Lean compiled the header, "
                + "the theorem and the proof, with only the axioms propext, classical.choice, quot.sound.\n");

        md.append("\n## Beside published Lean 3 results\n\n| system | valid | test |\n| --- | --- | --- |\n");
        for (Summary.Baseline b : s.baselines()) {
            md.append("| ").append(b.system()).append(" | ").append(b.valid() == null ? "—" : b.valid() + "%")
                    .append(" | ").append(b.test() == null ? "—" : b.test() + "%").append(" |\n");
        }
        String ours = pct(s.passAt1().rate());
        md.append("| **this run** (pass@1) | ").append(s.split().equals("valid") ? "**" + ours + "**" : "—").append(" | ")
                .append(s.split().equals("test") ? "**" + ours + "**" : "—").append(" |\n");

        md.append("\n## By category (pass@1)\n\n| category | theorems | proved | rate |\n| --- | --- | --- | --- |\n");
        s.categories().forEach((k, c) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s |%n", k, c.theorems(),
                c.proved(), pct(c.rate()))));

        md.append("\n## Cost (first attempts)\n\n| | count | median | p90 | max |\n| --- | --- | --- | --- | --- |\n");
        row(md, "seconds, proved", s.provedSeconds());
        row(md, "seconds, not proved", s.failedSeconds());
        row(md, "expansions, proved", s.provedExpansions());
        row(md, "expansions, not proved", s.failedExpansions());

        md.append("\n## Outcomes\n\n| status | theorems |\n| --- | --- |\n");
        s.statuses().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (!s.reasons().isEmpty()) {
            md.append("\n## Why not proved (most common)\n\n| reason | theorems |\n| --- | --- |\n");
            for (Summary.ReasonCount r : s.reasons()) {
                md.append("| ").append(r.reason().replace("|", "\\|")).append(" | ").append(r.count()).append(" |\n");
            }
        }
        tacticsByCategory(md, results);
        proofs(md, results);
        return md.toString();
    }

    /**
     * Which tactics the proofs found use, per category (first attempts; a tactic counted once per
     * proof), so a tactic list can be argued with data.
     */
    private static void tacticsByCategory(StringBuilder md, List<ProofResult> results) {
        Map<String, Map<String, Integer>> byCategory = new TreeMap<>();
        for (ProofResult r : results) {
            if (r.attempt() != 1 || !Summary.proved(r)) continue;
            Map<String, Integer> counts = byCategory.computeIfAbsent(Category.of(r.name()).label(), k -> new TreeMap<>());
            r.proof().stream().map(TacticName::of).distinct().forEach(t -> counts.merge(t, 1, Integer::sum));
        }
        if (byCategory.isEmpty()) return;
        md.append("\n## Tactics in the proofs found, by category\n\n| category | tactic (proofs using it) |\n| --- | --- |\n");
        byCategory.forEach((category, counts) -> {
            StringBuilder cell = new StringBuilder();
            counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(e -> cell.append(cell.isEmpty() ? "" : ", ").append('`').append(e.getKey()).append("` ")
                            .append(e.getValue()));
            md.append("| ").append(category).append(" | ").append(cell).append(" |\n");
        });
    }

    /** The checked proofs themselves, first attempt that found one, so a reader can judge them without the JSONL. */
    private static void proofs(StringBuilder md, List<ProofResult> results) {
        Map<String, ProofResult> first = new TreeMap<>();
        for (ProofResult r : results) {
            if (Summary.proved(r)) first.merge(r.name(), r, (a, b) -> a.attempt() <= b.attempt() ? a : b);
        }
        if (first.isEmpty()) return;
        md.append("\n## Proofs found (each passed the independent check)\n\n| theorem | attempt | proof |\n| --- | --- | --- |\n");
        first.forEach((name, r) -> md.append("| ").append(name).append(" | ").append(r.attempt()).append(" | `")
                .append(String.join(", ", r.proof()).replace("|", "\\|").replace("`", "'").replace("\n", " "))
                .append("` |\n"));
    }

    private static void row(StringBuilder md, String what, Summary.Distribution d) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", what, d.count(), d.median(), d.p90(), d.max()));
    }

    static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
