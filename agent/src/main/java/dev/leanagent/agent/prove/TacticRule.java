package dev.leanagent.agent.prove;

import com.typesafe.config.Config;
import dev.leanagent.agent.UsageException;
import dev.leanagent.search.SearchState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One entry of the automation tactic list: a tactic template, its prior log-prob, its own time
 * limit if any, and the conditions under which it is proposed (see the list's header).
 *
 * @param when     every group must match; a group matches when the goal has one of its tags
 * @param unless   tags the goal must not have
 * @param types    per local: prefixes of the local's type (empty: any)
 * @param local    per local or hypothesis: groups of tags of that local or hypothesis
 *                 (and {@code bounded} / {@code var-eq}, see {@link GoalShape})
 */
record TacticRule(String tactic, double logprob, Duration limit, List<Set<String>> when, Set<String> unless,
                  List<String> types, List<Set<String>> local) {

    private static final Map<String, GoalShape.Tag> TAGS = new HashMap<>();
    private static final Set<String> LOCAL_ONLY = Set.of("bounded", "var-eq");

    static {
        for (GoalShape.Tag t : GoalShape.Tag.values()) TAGS.put(t.key(), t);
    }

    static List<TacticRule> list(Config c, String key, boolean mathlib) {
        List<TacticRule> out = new ArrayList<>();
        if (!c.hasPath(key)) return out;
        for (Config e : c.getConfigList(key)) {
            String tactic = e.getString("tactic");
            String scope = e.hasPath("scope") ? e.getString("scope") : "core";
            if (!scope.equals("core") && !scope.equals("mathlib")) {
                throw new UsageException("automation tactic '" + tactic + "': scope must be core or mathlib, not " + scope);
            }
            if (scope.equals("mathlib") && !mathlib) continue;
            out.add(new TacticRule(tactic, e.getDouble("logprob"),
                    e.hasPath("limit") ? e.getDuration("limit") : null,
                    groups(e, "when", tactic, false), e.hasPath("unless") ? Set.copyOf(checked(e.getStringList("unless"), tactic, false)) : Set.of(),
                    e.hasPath("types") ? e.getStringList("types") : List.of(), groups(e, "local", tactic, true)));
        }
        return out;
    }

    private static List<Set<String>> groups(Config e, String key, String tactic, boolean local) {
        if (!e.hasPath(key)) return List.of();
        List<Set<String>> out = new ArrayList<>();
        for (String g : e.getStringList(key)) out.add(Set.copyOf(checked(Arrays.asList(g.split("\\|")), tactic, local)));
        return out;
    }

    private static List<String> checked(List<String> tags, String tactic, boolean local) {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            String k = t.strip().toLowerCase(Locale.ROOT);
            if (!TAGS.containsKey(k) && !(local && LOCAL_ONLY.contains(k))) {
                throw new IllegalArgumentException("automation tactic '" + tactic + "': unknown tag '" + t + "'; known: "
                        + String.join(", ", TAGS.keySet().stream().sorted().toList()) + (local ? ", bounded, var-eq" : ""));
            }
            out.add(k);
        }
        return out;
    }

    boolean applies(Set<GoalShape.Tag> goal) {
        Set<String> keys = keys(goal);
        for (String u : unless) if (keys.contains(u)) return false;
        return matches(when, keys);
    }

    boolean fitsVariable(SearchState.Variable v, GoalShape shape) {
        if (!types.isEmpty() && types.stream().noneMatch(v.type().strip()::startsWith)) return false;
        Set<String> keys = keys(GoalShape.of(v.type()));
        if (shape.bounded(v)) keys.add("bounded");
        return matches(local, keys);
    }

    boolean fitsHypothesis(SearchState.Variable h, GoalShape shape) {
        Set<String> keys = keys(GoalShape.of(h.type()));
        if (GoalShape.variableEquation(h.type(), shape.data()) != null) keys.add("var-eq");
        return matches(local, keys);
    }

    private static boolean matches(List<Set<String>> groups, Set<String> keys) {
        for (Set<String> g : groups) if (g.stream().noneMatch(keys::contains)) return false;
        return true;
    }

    private static Set<String> keys(Set<GoalShape.Tag> tags) {
        return tags.stream().map(GoalShape.Tag::key).collect(Collectors.toCollection(HashSet::new));
    }
}
