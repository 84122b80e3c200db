package dev.leanagent.minif2f;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A miniF2F checkout (facebookresearch/miniF2F) as the harness reads it: {@code lean/src/valid.lean},
 * {@code test.lean} and {@code minif2f_import.lean}, which need Lean 3.42.1 and mathlib
 * {@code cb2b02ff} compiled on the Lean path.
 */
public record Workspace(Path root) {

    public static final String LEAN_VERSION = "3.42.1";
    public static final String MATHLIB_COMMIT = "cb2b02fff213ed6f65bebd64446baac64137dcda";
    public static final List<String> SPLITS = List.of("valid", "test");

    /** The directory holding the .lean files: {@code root/lean/src}, or root itself. */
    public Path sourceDir() {
        Path nested = root.resolve("lean").resolve("src");
        return Files.isDirectory(nested) ? nested : root;
    }

    public Path split(String name) {
        if (!SPLITS.contains(name)) {
            throw new IllegalArgumentException("the split must be valid or test, not " + name);
        }
        return sourceDir().resolve(name + ".lean");
    }

    /** What is missing for a run of {@code split}, each with what to do; empty when complete. */
    public List<String> missing(String split) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            out.add("no miniF2F directory at " + root + ": git clone https://github.com/facebookresearch/miniF2F "
                    + "(or pass --minif2f DIR)");
            return out;
        }
        Path file = split(split);
        if (!Files.isRegularFile(file)) out.add("no " + file.getFileName() + " under " + sourceDir()
                + " (expected miniF2F's lean/src/" + split + ".lean)");
        Path imports = sourceDir().resolve("minif2f_import.lean");
        if (!Files.isRegularFile(imports)) out.add("no minif2f_import.lean under " + sourceDir());
        return out;
    }
}
