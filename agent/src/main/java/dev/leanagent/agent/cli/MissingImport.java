package dev.leanagent.agent.cli;

import java.nio.file.Path;
import java.util.Set;

/** One line for an import Lean cannot find: which module, and which --lean-path would provide it. */
final class MissingImport {

    /** Top-level folders of mathlib's src/ (Lean 3): an import under one of them needs mathlib. */
    private static final Set<String> MATHLIB_ROOTS = Set.of("algebra", "algebraic_geometry", "algebraic_topology",
            "analysis", "category_theory", "combinatorics", "computability", "control", "data", "dynamics",
            "field_theory", "geometry", "group_theory", "linear_algebra", "logic", "measure_theory", "meta",
            "model_theory", "number_theory", "order", "probability", "representation_theory", "ring_theory",
            "set_theory", "tactic", "topology");

    private MissingImport() {
    }

    /** @param unresolved an entry of {@code ImportClosure.unresolved()}: {@code module (imported by FILE)} */
    static String explain(Path file, String unresolved) {
        int cut = unresolved.indexOf(" (imported by ");
        String module = cut < 0 ? unresolved : unresolved.substring(0, cut);
        String via = cut < 0 || unresolved.contains("imported by " + file.toAbsolutePath()) || unresolved.contains("imported by " + file + ")")
                ? "" : unresolved.substring(cut);
        String relative = module.replaceFirst("^\\.+", "").replace('.', '/') + ".lean";
        String root = module.replaceFirst("^\\.+", "").split("\\.")[0];
        String provider = MATHLIB_ROOTS.contains(root)
                ? "it is mathlib's: add --lean-path MATHLIB/src (a mathlib compiled with this Lean; see README, miniF2F)"
                : "add --lean-path DIR for the directory that holds " + relative;
        return file + " imports " + module + via + ", which is not on Lean's path; " + provider;
    }
}
