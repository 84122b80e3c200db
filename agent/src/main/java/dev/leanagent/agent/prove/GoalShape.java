package dev.leanagent.agent.prove;

import dev.leanagent.search.SearchState;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Tags that a symbol or word in the text gives, wherever it stands. */
    private static final Map<String, Tag> SYMBOLS = symbols(
            "∧", Tag.AND, "∨", Tag.OR, "↔", Tag.IFF, "≠", Tag.NE, "∣", Tag.DVD, "%", Tag.MOD, "≡", Tag.MOD,
            " mod ", Tag.MOD, "∑", Tag.BIGOP, "∏", Tag.BIGOP, "finset", Tag.BIGOP, "prime", Tag.PRIME,
            "!", Tag.FACTORIAL, "↑", Tag.CAST, "/", Tag.DIV, "^", Tag.POW, "sqrt", Tag.SQRT, "log", Tag.LOG,
            "ℝ", Tag.REAL, "real.", Tag.REAL, "ℚ", Tag.RAT, "ℂ", Tag.COMPLEX, "complex.", Tag.COMPLEX,
            "ℕ", Tag.NAT, "nat.", Tag.NAT, "ℤ", Tag.INT, "int.", Tag.INT);
    private static final Set<Tag> NUMBERS = EnumSet.of(Tag.REAL, Tag.RAT, Tag.COMPLEX, Tag.NAT, Tag.INT);

    /** The tags of one proposition's text. */
    public static Set<Tag> of(String prop) {
        Set<Tag> t = EnumSet.noneOf(Tag.class);
        String s = prop.strip();
        SYMBOLS.forEach((symbol, tag) -> {
            if (s.contains(symbol)) t.add(tag);
        });
        if (s.startsWith("∀") || s.contains("→")) t.add(Tag.FORALL);
        if (s.startsWith("∃")) t.add(Tag.EXISTS);
        if (s.startsWith("¬")) t.add(Tag.NOT);
        if (s.matches("(?s).*[^:≠≤≥<>]=.*")) t.add(Tag.EQ);
        if (s.matches("(?s).*[≤<≥>].*") && !s.contains("<|>")) t.add(Tag.INEQ);
        return t;
    }

    /** Only the kinds of numbers a text mentions (for the types of locals). */
    private static Set<Tag> numbers(String s) {
        Set<Tag> t = of(s);
        t.retainAll(NUMBERS);
        return t;
    }

    private static Map<String, Tag> symbols(Object... pairs) {
        Map<String, Tag> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Tag) pairs[i + 1]);
        return m;
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
