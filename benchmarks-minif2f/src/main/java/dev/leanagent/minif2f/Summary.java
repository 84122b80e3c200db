package dev.leanagent.minif2f;

import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one run. pass@1 counts a theorem proved when its first attempt was; pass@k when
 * any of its attempts was. Only results with {@code status = proved} count, and those are the
 * ones that passed the independent check.
 */
public record Summary(String split, int theorems, int attempts, int provedAt1, Wilson passAt1, int provedAtK,
                      Wilson passAtK, Map<String, CategoryFigures> categories, Map<String, Integer> statuses,
                      Distribution provedSeconds, Distribution failedSeconds, Distribution provedExpansions,
                      Distribution failedExpansions, List<ReasonCount> reasons, List<Baseline> baselines) {

    public record CategoryFigures(int theorems, int proved, double rate) {
    }

    public record Distribution(int count, double median, double p90, double max) {
        static Distribution of(double[] values) {
            if (values.length == 0) return new Distribution(0, 0, 0, 0);
            double[] v = values.clone();
            Arrays.sort(v);
            return new Distribution(v.length, at(v, 0.5), at(v, 0.9), v[v.length - 1]);
        }

        private static double at(double[] sorted, double q) {
            return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    public record ReasonCount(String reason, int count) {
    }

    /** Published Lean 3 miniF2F figures (percent), from DESIGN.md. */
    public record Baseline(String system, Double valid, Double test) {
    }

    public static final List<Baseline> PUBLISHED = List.of(
            new Baseline("tidy (rule-based)", 16.8, 18.0),
            new Baseline("GPT-f / PACT pass@1 (best-first, lean-gym)", 23.9, 24.6),
            new Baseline("ReProver (best-first, 64 tactics, 600 s)", null, 26.5));

    public static Summary of(String split, List<ProofResult> all) {
        List<ProofResult> results = ProofResults.latest(all);
        Map<String, List<ProofResult>> byName = results.stream()
                .collect(Collectors.groupingBy(ProofResult::name, TreeMap::new, Collectors.toList()));
        int attempts = results.stream().mapToInt(ProofResult::attempt).max().orElse(0);
        int at1 = 0, atK = 0;
        Map<Category, int[]> cats = new TreeMap<>();
        for (Map.Entry<String, List<ProofResult>> e : byName.entrySet()) {
            boolean first = e.getValue().stream().anyMatch(r -> r.attempt() == 1 && proved(r));
            boolean any = e.getValue().stream().anyMatch(Summary::proved);
            if (first) at1++;
            if (any) atK++;
            int[] c = cats.computeIfAbsent(Category.of(e.getKey()), k -> new int[2]);
            c[0]++;
            if (first) c[1]++;
        }
        Map<String, CategoryFigures> categories = new LinkedHashMap<>();
        cats.forEach((k, c) -> categories.put(k.label(), new CategoryFigures(c[0], c[1], c[0] == 0 ? 0 : c[1] / (double) c[0])));
        List<ProofResult> firsts = results.stream().filter(r -> r.attempt() == 1).toList();
        Map<String, Integer> statuses = new TreeMap<>();
        firsts.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
        Map<String, Integer> reasons = new TreeMap<>();
        firsts.stream().filter(r -> !proved(r)).forEach(r -> reasons.merge(r.status() + ": " + shortReason(r.reason()), 1, Integer::sum));
        List<ReasonCount> topReasons = new ArrayList<>();
        reasons.forEach((k, v) -> topReasons.add(new ReasonCount(k, v)));
        topReasons.sort(Comparator.comparingInt(ReasonCount::count).reversed().thenComparing(ReasonCount::reason));
        return new Summary(split, byName.size(), attempts, at1, Wilson.of(at1, byName.size()), atK,
                Wilson.of(atK, byName.size()), categories, statuses,
                Distribution.of(firsts.stream().filter(Summary::proved).mapToDouble(ProofResult::seconds).toArray()),
                Distribution.of(firsts.stream().filter(r -> !proved(r)).mapToDouble(ProofResult::seconds).toArray()),
                Distribution.of(firsts.stream().filter(Summary::proved).mapToDouble(ProofResult::expansions).toArray()),
                Distribution.of(firsts.stream().filter(r -> !proved(r)).mapToDouble(ProofResult::expansions).toArray()),
                topReasons.subList(0, Math.min(10, topReasons.size())), PUBLISHED);
    }

    static boolean proved(ProofResult r) {
        return ProofResult.PROVED.equals(r.status()) && r.checked();
    }

    /** Reasons grouped by kind: numbers and names vary per theorem, the kind does not. */
    static String shortReason(String reason) {
        if (reason == null || reason.isBlank()) return "(none given)";
        String first = reason.lines().findFirst().orElse("").replaceAll("[0-9]+(\\.[0-9]+)?", "N");
        int cut = first.indexOf(';');
        if (cut > 0) first = first.substring(0, cut);
        return first.length() > 80 ? first.substring(0, 77) + "..." : first;
    }
}
