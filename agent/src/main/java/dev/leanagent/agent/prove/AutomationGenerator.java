package dev.leanagent.agent.prove;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.leanagent.agent.UsageException;
import dev.leanagent.search.Candidate;
import dev.leanagent.search.SearchState;
import dev.leanagent.search.TacticGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The model-free generator: tactics chosen by the shape of the goal, read from data
 * ({@code automation-tactics.conf}, whose header documents the format): fixed tactics with
 * conditions on the goal, tactics on each local, each hypothesis and each earlier lemma of the
 * file, and hint lists built from the hypotheses (for {@code nlinarith}).
 */
public final class AutomationGenerator implements TacticGenerator {

    private static final Set<String> ORDERED_NUMBERS = Set.of("ℝ", "ℚ", "ℤ", "ℕ");
    private static final int MAX_HINT_VARIABLES = 4;

    private final TacticRules rules;
    private final List<String> lemmas;

    AutomationGenerator(TacticRules rules, List<String> lemmas) {
        this.rules = rules;
        this.lemmas = List.copyOf(lemmas);
    }

    /**
     * @param file     a list in the format of the built-in one, or null for the built-in list
     * @param mathlib  whether mathlib's tactics exist (the file imports something)
     */
    public static AutomationGenerator load(Path file, boolean mathlib) {
        Config c;
        if (file == null) {
            c = ConfigFactory.parseResources(AutomationGenerator.class, "/dev/leanagent/agent/automation-tactics.conf");
        } else {
            if (!Files.isRegularFile(file)) throw new UsageException("automation tactic list not found: " + file);
            c = ConfigFactory.parseFile(file.toFile());
        }
        try {
            return new AutomationGenerator(TacticRules.read(c, mathlib), List.of());
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UsageException("bad automation tactic list " + (file == null ? "(built-in)" : file) + ": "
                    + e.getMessage());
        }
    }

    /** A list given as text in the format of the built-in one ({@code origin} names it in errors): a coordinator's, sent to a cluster node. */
    public static AutomationGenerator parse(String text, String origin, boolean mathlib) {
        try {
            return new AutomationGenerator(TacticRules.read(ConfigFactory.parseString(text), mathlib), List.of());
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UsageException("bad automation tactic list " + origin + ": " + e.getMessage());
        }
    }

    @Override
    public TacticGenerator withLemmas(List<String> lemmas) {
        return lemmas.isEmpty() || rules.perLemma().isEmpty() ? this : new AutomationGenerator(rules, lemmas);
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        return CompletableFuture.completedFuture(candidates(state));
    }

    List<Candidate> candidates(SearchState state) {
        GoalShape shape = GoalShape.of(state);
        String facts = String.join(", ", shape.facts().stream().map(SearchState.Variable::name)
                .filter(GoalShape::referable).toList());
        String hints = String.join(", ", nonlinearHints(shape));
        List<Candidate> out = new ArrayList<>();
        for (TacticRule r : rules.fixed()) {
            if (r.applies(shape.tags())) add(out, r, r.tactic(), facts, hints);
        }
        for (SearchState.Variable v : state.variables()) {
            if (!GoalShape.referable(v.name()) || shape.facts().contains(v)) continue;
            for (TacticRule r : rules.perVariable()) {
                if (r.applies(shape.tags()) && r.fitsVariable(v, shape)) add(out, r, r.tactic().replace("{var}", v.name()), facts, hints);
            }
        }
        for (SearchState.Variable h : shape.facts()) {
            if (!GoalShape.referable(h.name())) continue;
            for (TacticRule r : rules.perHypothesis()) {
                if (r.applies(shape.tags()) && r.fitsHypothesis(h, shape)) add(out, r, r.tactic().replace("{hyp}", h.name()), facts, hints);
            }
        }
        for (String lemma : lemmas) {
            for (TacticRule r : rules.perLemma()) {
                if (r.applies(shape.tags())) add(out, r, r.tactic().replace("{lemma}", lemma), facts, hints);
            }
        }
        return out;
    }

    /** A rule whose list placeholder would be empty is left out: {@code linarith [ ]} only repeats {@code linarith}. */
    private static void add(List<Candidate> out, TacticRule r, String tactic, String facts, String hints) {
        if (tactic.contains("{facts}")) {
            if (facts.isEmpty()) return;
            tactic = tactic.replace("{facts}", facts);
        }
        if (tactic.contains("{nl-hints}")) {
            if (hints.isEmpty()) return;
            tactic = tactic.replace("{nl-hints}", hints);
        }
        out.add(new Candidate(tactic, r.logprob(), r.limit()));
    }

    /**
     * Products nlinarith does not find alone: squares of the ordered locals and of their
     * differences and sums (the terms of most AM-GM and Schur-style arguments), and products of
     * positivity facts {@code 0 < x}. Few locals only: nlinarith multiplies every pair of hints.
     */
    static List<String> nonlinearHints(GoalShape shape) {
        List<String> vars = shape.locals(ORDERED_NUMBERS).stream().filter(GoalShape::referable).toList();
        if (vars.isEmpty() || vars.size() > MAX_HINT_VARIABLES) return List.of();
        List<String> hints = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            for (int j = i + 1; j < vars.size(); j++) {
                hints.add("sq_nonneg (" + vars.get(i) + " - " + vars.get(j) + ")");
                hints.add("sq_nonneg (" + vars.get(i) + " + " + vars.get(j) + ")");
            }
        }
        for (String v : vars) hints.add("sq_nonneg " + v);
        List<String> positive = new ArrayList<>();
        for (SearchState.Variable f : shape.facts()) {
            if (GoalShape.referable(f.name()) && f.type().strip().matches("0 < [\\p{L}_][\\p{L}\\p{N}_'₀-₉]*")) {
                positive.add(f.name());
            }
        }
        for (int i = 0; i < positive.size(); i++) {
            for (int j = i + 1; j < positive.size(); j++) hints.add("mul_pos " + positive.get(i) + " " + positive.get(j));
        }
        return hints;
    }

    @Override
    public String name() {
        return "automation";
    }

    /** The parsed list: rules by how often they apply per state. */
    record TacticRules(List<TacticRule> fixed, List<TacticRule> perVariable, List<TacticRule> perHypothesis,
                       List<TacticRule> perLemma) {

        static TacticRules read(Config c, boolean mathlib) {
            return new TacticRules(TacticRule.list(c, "tactics", mathlib), TacticRule.list(c, "per-variable", mathlib),
                    TacticRule.list(c, "per-hypothesis", mathlib), TacticRule.list(c, "per-lemma", mathlib));
        }
    }
}
