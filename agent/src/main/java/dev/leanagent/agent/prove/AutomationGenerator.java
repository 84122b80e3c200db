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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The model-free generator: a fixed list of automation tactics with prior log-probs, read from
 * data ({@code automation-tactics.conf}), plus {@code induction}/{@code cases} on the goal's locals.
 */
public final class AutomationGenerator implements TacticGenerator {

    record Entry(String tactic, double logprob, boolean mathlib, List<String> types) {
    }

    private final List<Entry> fixed;
    private final List<Entry> perVariable;

    AutomationGenerator(List<Entry> fixed, List<Entry> perVariable) {
        this.fixed = fixed;
        this.perVariable = perVariable;
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
            return new AutomationGenerator(entries(c, "tactics", mathlib), entries(c, "per-variable", mathlib));
        } catch (ConfigException e) {
            throw new UsageException("bad automation tactic list " + (file == null ? "(built-in)" : file) + ": "
                    + e.getMessage());
        }
    }

    private static List<Entry> entries(Config c, String key, boolean mathlib) {
        List<Entry> out = new ArrayList<>();
        if (!c.hasPath(key)) return out;
        for (Config e : c.getConfigList(key)) {
            String scope = e.hasPath("scope") ? e.getString("scope") : "core";
            if (!scope.equals("core") && !scope.equals("mathlib")) {
                throw new UsageException("automation tactic '" + e.getString("tactic") + "': scope must be core or "
                        + "mathlib, not " + scope);
            }
            if (scope.equals("mathlib") && !mathlib) continue;
            out.add(new Entry(e.getString("tactic"), e.getDouble("logprob"), scope.equals("mathlib"),
                    e.hasPath("types") ? e.getStringList("types") : List.of()));
        }
        return out;
    }

    @Override
    public CompletionStage<List<Candidate>> suggest(SearchState state) {
        return CompletableFuture.completedFuture(candidates(state));
    }

    List<Candidate> candidates(SearchState state) {
        List<Candidate> out = new ArrayList<>();
        for (Entry e : fixed) out.add(new Candidate(e.tactic(), e.logprob()));
        for (SearchState.Variable v : state.variables()) {
            if (!referable(v.name())) continue;
            for (Entry e : perVariable) {
                if (e.types().isEmpty() || e.types().stream().anyMatch(v.type()::startsWith)) {
                    out.add(new Candidate(e.tactic().replace("{var}", v.name()), e.logprob()));
                }
            }
        }
        return out;
    }

    /** Lean 3 cannot name inaccessible locals ({@code ᾰ}, {@code n_1} is fine). */
    private static boolean referable(String name) {
        return !name.isEmpty() && !name.contains("ᾰ") && name.chars().noneMatch(Character::isWhitespace);
    }

    @Override
    public String name() {
        return "automation";
    }
}
