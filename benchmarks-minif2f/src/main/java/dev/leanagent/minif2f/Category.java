package dev.leanagent.minif2f;

import java.util.Locale;

/** miniF2F's problem sources, read from a theorem's name (e.g. {@code mathd_algebra_478}). */
public enum Category {
    AMC("amc"), AIME("aime"), IMO("imo"), MATHD_ALGEBRA("mathd algebra"), MATHD_NUMBERTHEORY("mathd number theory"),
    INDUCTION("induction"), ALGEBRA("algebra"), NUMBERTHEORY("numbertheory"), OTHER("other");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Category of(String theoremName) {
        String n = theoremName.substring(theoremName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (n.startsWith("amc")) return AMC;
        if (n.startsWith("aime")) return AIME;
        if (n.startsWith("imo")) return IMO;
        if (n.startsWith("mathd_algebra")) return MATHD_ALGEBRA;
        if (n.startsWith("mathd_numbertheory")) return MATHD_NUMBERTHEORY;
        if (n.startsWith("induction")) return INDUCTION;
        if (n.startsWith("algebra")) return ALGEBRA;
        if (n.startsWith("numbertheory")) return NUMBERTHEORY;
        return OTHER;
    }
}
