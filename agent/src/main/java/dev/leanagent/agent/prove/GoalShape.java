package dev.leanagent.agent.prove;

import dev.leanagent.search.SearchState;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a state's first goal looks like, read from its printed text: the relation of the target,
 * the kinds of numbers involved, which locals are facts. The automation generator picks tactics
 * by these tags ({@code when} in {@code automation-tactics.conf}). Reading text is approximate by
 * design: a wrong tag costs one failed tactic, never a wrong proof.
 */
public record GoalShape(Set<Tag> tags, List<SearchState.Variable> facts, List<SearchState.Variable> data) {

    /** Tags of a goal (or, for {@link #of(String)}, of one hypothesis's type). */
    public enum Tag {
        EQ, NE, INEQ, AND, OR, IFF, NOT, EXISTS, FORALL, DVD, MOD, BIGOP, PRIME, FACTORIAL, CAST, DIV, POW, SQRT, LOG,
        REAL, RAT, COMPLEX, NAT, INT, FIELD, ORDERED, CLOSED, FACTS, VAR_EQ;

        /** Its spelling in the tactic list: lower case, {@code -} for {@code _}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Pattern RELATION = Pattern.compile("[=≤<≥>≠∣∧∨¬↔∃∀∈∉⊆≡]|\\bprime\\b|\\beven\\b|\\bodd\\b");
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_'.₀-₉]*");

    public static GoalShape of(SearchState state) {
        List<SearchState.Variable> facts = new ArrayList<>();
        List<SearchState.Variable> data = new ArrayList<>();
        for (SearchState.Variable v : state.variables()) (isFact(v.type()) ? facts : data).add(v);
        Set<Tag> tags = of(state.target());
        for (SearchState.Variable v : data) tags.addAll(numbers(v.type()));
        for (SearchState.Variable v : facts) {
            tags.addAll(numbers(v.type()));
            if (v.type().contains("/")) tags.add(Tag.DIV);
            if (variableEquation(v.type(), data) != null) tags.add(Tag.VAR_EQ);
        }
        if (state.variables().isEmpty()) tags.add(Tag.CLOSED);
        if (!facts.isEmpty()) tags.add(Tag.FACTS);
        if (tags.contains(Tag.REAL) || tags.contains(Tag.RAT) || tags.contains(Tag.COMPLEX)) tags.add(Tag.FIELD);
        if (tags.contains(Tag.REAL) || tags.contains(Tag.RAT) || tags.contains(Tag.NAT) || tags.contains(Tag.INT)) {
            tags.add(Tag.ORDERED);
        }
        return new GoalShape(Set.copyOf(tags), List.copyOf(facts), List.copyOf(data));
    }

    /** The tags of one proposition's text. */
    public static Set<Tag> of(String prop) {
        Set<Tag> t = EnumSet.noneOf(Tag.class);
        String s = prop.strip();
        if (s.startsWith("∀") || s.contains("→")) t.add(Tag.FORALL);
        if (s.startsWith("∃")) t.add(Tag.EXISTS);
        if (s.startsWith("¬")) t.add(Tag.NOT);
        if (s.contains("∧")) t.add(Tag.AND);
        if (s.contains("∨")) t.add(Tag.OR);
        if (s.contains("↔")) t.add(Tag.IFF);
        if (s.contains("≠")) t.add(Tag.NE);
        if (s.matches("(?s).*[^:≠≤≥<>]=.*")) t.add(Tag.EQ);
        if (s.matches("(?s).*[≤<≥>].*") && !s.contains("<|>")) t.add(Tag.INEQ);
        if (s.contains("∣")) t.add(Tag.DVD);
        if (s.contains("%") || s.contains("≡") || s.contains(" mod ")) t.add(Tag.MOD);
        if (s.contains("∑") || s.contains("∏") || s.contains("finset")) t.add(Tag.BIGOP);
        if (s.contains("prime")) t.add(Tag.PRIME);
        if (s.contains("!")) t.add(Tag.FACTORIAL);
        if (s.contains("↑")) t.add(Tag.CAST);
        if (s.contains("/")) t.add(Tag.DIV);
        if (s.contains("^")) t.add(Tag.POW);
        if (s.contains("sqrt")) t.add(Tag.SQRT);
        if (s.contains("log")) t.add(Tag.LOG);
        t.addAll(numbers(s));
        return t;
    }

    private static Set<Tag> numbers(String s) {
        Set<Tag> t = EnumSet.noneOf(Tag.class);
        if (s.contains("ℝ") || s.contains("real.")) t.add(Tag.REAL);
        if (s.contains("ℚ")) t.add(Tag.RAT);
        if (s.contains("ℂ") || s.contains("complex.")) t.add(Tag.COMPLEX);
        if (s.contains("ℕ") || s.contains("nat.")) t.add(Tag.NAT);
        if (s.contains("ℤ") || s.contains("int.")) t.add(Tag.INT);
        return t;
    }

    /** A hypothesis is a fact (a proof of a proposition) rather than data (a number, a function, a set). */
    static boolean isFact(String type) {
        return RELATION.matcher(type).find();
    }

    /** For {@code x = e} or {@code e = x} with {@code x} a local of {@code data}: that local's name, else null. */
    static String variableEquation(String type, List<SearchState.Variable> data) {
        int eq = type.indexOf(" = ");
        if (eq < 0 || type.indexOf(" = ", eq + 1) >= 0 || RELATION.matcher(type.replace(" = ", " ")).find()) return null;
        String left = type.substring(0, eq).strip(), right = type.substring(eq + 3).strip();
        for (SearchState.Variable v : data) {
            if (v.name().equals(left) || v.name().equals(right)) return v.name();
        }
        return null;
    }

    /** The locals of {@code data} whose type is one of these number types (ℝ, ℚ, ℤ, ℕ …). */
    List<String> locals(Set<String> types) {
        List<String> out = new ArrayList<>();
        for (SearchState.Variable v : data) if (types.contains(v.type().strip())) out.add(v.name());
        return out;
    }

    /** A local named in some fact as bounded above (for ℕ, enough to enumerate it), both sides for ℤ. */
    boolean bounded(SearchState.Variable v) {
        String n = Pattern.quote(v.name());
        Pattern above = Pattern.compile("(^|[^\\p{L}\\p{N}_'.])" + n + "\\s*[<≤]|[>≥]\\s*" + n + "($|[^\\p{L}\\p{N}_'])");
        Pattern below = Pattern.compile("[<≤]\\s*" + n + "($|[^\\p{L}\\p{N}_'])|(^|[^\\p{L}\\p{N}_'.])" + n + "\\s*[>≥]");
        boolean up = false, down = v.type().strip().equals("ℕ");
        for (SearchState.Variable f : facts) {
            up |= above.matcher(f.type()).find();
            down |= below.matcher(f.type()).find();
        }
        return up && down;
    }

    static boolean referable(String name) {
        return NAME.matcher(name).matches() && !name.contains("ᾰ");
    }
}
