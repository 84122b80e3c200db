package dev.leanagent.minif2f;

import dev.leanagent.search.ProofResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Two runs of the same split side by side. Besides each run's own figures it pairs them on the
 * theorems both ran: which each proved alone, and McNemar's exact test of whether the difference
 * in pass@1 is more than chance — with 244 theorems, a few points either way usually is not.
 */
public record Comparison(Run a, Run b, Set<String> onlyA, Set<String> onlyB, int both, int neither, double mcnemarP) {

    /** One side: a label (its directory), its run description and summary, and what it proved at attempt 1. */
    public record Run(String label, Map<String, String> info, Summary summary, Set<String> provedAt1, Set<String> ran) {
        public static Run of(String label, Map<String, String> info, String split, List<ProofResult> results) {
            Set<String> proved = results.stream().filter(r -> r.attempt() == 1 && Summary.proved(r)).map(ProofResult::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> ran = results.stream().filter(r -> r.attempt() == 1).map(ProofResult::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            return new Run(label, info, Summary.of(split, results), proved, ran);
        }
    }

    public static Comparison of(Run a, Run b) {
        if (!a.summary().split().equals(b.summary().split())) {
            throw new IllegalArgumentException(a.label() + " ran " + a.summary().split() + " but " + b.label() + " ran "
                    + b.summary().split() + ": only runs of the same split can be put side by side");
        }
        Set<String> common = new TreeSet<>(a.ran());
        common.retainAll(b.ran());
        Set<String> onlyA = new TreeSet<>(), onlyB = new TreeSet<>();
        int both = 0, neither = 0;
        for (String t : common) {
            boolean pa = a.provedAt1().contains(t), pb = b.provedAt1().contains(t);
            if (pa && pb) both++;
            else if (pa) onlyA.add(t);
            else if (pb) onlyB.add(t);
            else neither++;
        }
        return new Comparison(a, b, onlyA, onlyB, both, neither, mcnemarExact(onlyA.size(), onlyB.size()));
    }

    /** Two-sided exact McNemar p-value: the discordant pairs as a fair coin's tosses. */
    static double mcnemarExact(int b, int c) {
        int n = b + c;
        if (n == 0) return 1.0;
        int k = Math.min(b, c);
        double tail = 0;
        double logHalf = n * Math.log(0.5);
        for (int i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) + logHalf);
        return Math.min(1.0, 2 * tail);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
        return s;
    }

    public String markdown() {
        Summary sa = a.summary(), sb = b.summary();
        StringBuilder md = new StringBuilder();
        md.append("# miniF2F ").append(sa.split()).append(": two runs side by side\n\n");
        md.append("| | A | B |\n| --- | --- | --- |\n");
        md.append("| run | ").append(cell(a.label())).append(" | ").append(cell(b.label())).append(" |\n");
        Set<String> keys = new TreeSet<>(a.info().keySet());
        keys.addAll(b.info().keySet());
        keys.remove("started");
        for (String k : keys) {
            String va = a.info().getOrDefault(k, "—"), vb = b.info().getOrDefault(k, "—");
            String mark = va.equals(vb) ? "" : "**";
            md.append("| ").append(mark).append(k).append(mark).append(" | ").append(cell(va)).append(" | ")
                    .append(cell(vb)).append(" |\n");
        }
        md.append("| **pass@1** | ").append(rate(sa.provedAt1(), sa.theorems(), sa.passAt1())).append(" | ")
                .append(rate(sb.provedAt1(), sb.theorems(), sb.passAt1())).append(" |\n");
        if (sa.attempts() > 1 || sb.attempts() > 1) {
            md.append("| pass@k | ").append(atK(sa)).append(" | ").append(atK(sb)).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "| median s, proved / not | %.1f / %.1f | %.1f / %.1f |%n",
                sa.provedSeconds().median(), sa.failedSeconds().median(), sb.provedSeconds().median(),
                sb.failedSeconds().median()));
        md.append(String.format(Locale.ROOT, "| median expansions, proved / not | %.0f / %.0f | %.0f / %.0f |%n",
                sa.provedExpansions().median(), sa.failedExpansions().median(), sb.provedExpansions().median(),
                sb.failedExpansions().median()));
        md.append("\nSettings in bold differ between the runs.\n");

        int common = both + neither + onlyA.size() + onlyB.size();
        md.append(String.format(Locale.ROOT, "%n## Paired, on the %d theorems both ran (pass@1)%n%n"
                        + "| proved by both | only A | only B | neither |%n| --- | --- | --- | --- |%n| %d | %d | %d | %d |%n%n"
                        + "McNemar's exact test, two-sided: p = %.3g (%s).%n", common, both, onlyA.size(), onlyB.size(),
                neither, mcnemarP, mcnemarP < 0.05 ? "the difference is unlikely to be chance alone"
                        : "the difference could well be chance"));

        md.append("\n## By category (pass@1)\n\n| category | A | B |\n| --- | --- | --- |\n");
        Map<String, String[]> rows = new TreeMap<>();
        sa.categories().forEach((k, c) -> rows.computeIfAbsent(k, x -> new String[]{"—", "—"})[0] = cat(c));
        sb.categories().forEach((k, c) -> rows.computeIfAbsent(k, x -> new String[]{"—", "—"})[1] = cat(c));
        rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1]).append(" |\n"));

        md.append("\n## Proved by one run only\n\n");
        md.append("- A only (").append(onlyA.size()).append("): ").append(names(onlyA)).append('\n');
        md.append("- B only (").append(onlyB.size()).append("): ").append(names(onlyB)).append('\n');
        List<String> unpaired = new ArrayList<>();
        if (a.ran().size() != common) unpaired.add((a.ran().size() - common) + " theorems ran in A only");
        if (b.ran().size() != common) unpaired.add((b.ran().size() - common) + " theorems ran in B only");
        if (!unpaired.isEmpty()) md.append("\nNot paired: ").append(String.join(", ", unpaired)).append(".\n");
        return md.toString();
    }

    private static String rate(int proved, int of, Wilson w) {
        return String.format(Locale.ROOT, "%d / %d = %s (95%% CI %s–%s)", proved, of, Report.pct(w.rate()), Report.pct(w.low()),
                Report.pct(w.high()));
    }

    private static String atK(Summary s) {
        return s.attempts() > 1 ? "pass@" + s.attempts() + " " + rate(s.provedAtK(), s.theorems(), s.passAtK()) : "—";
    }

    private static String cat(Summary.CategoryFigures c) {
        return c.proved() + " / " + c.theorems() + " = " + Report.pct(c.rate());
    }

    private static String names(Set<String> s) {
        return s.isEmpty() ? "none" : s.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
