package dev.leanagent.bridge.toolchain;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Lean 3 installation: the binary, its version and its core library search path (what
 * `lean --path` reports), plus how it was found so messages can say which one is in use.
 */
public record LeanToolchain(Path lean, String version, List<Path> corePath, String foundVia) {

    /**
     * The search path for a process: the core library first, then the user's directories, each
     * once. Lean 3 refuses every import that two entries resolve, even the same directory twice
     * ("ambiguous import"), and then elaborates the file without it (LEAN3-NOTES.md).
     */
    public List<Path> searchPath(List<Path> extra) {
        Set<Path> path = new LinkedHashSet<>();
        for (Path p : corePath) path.add(p.toAbsolutePath().normalize());
        for (Path p : extra) path.add(p.toAbsolutePath().normalize());
        return List.copyOf(path);
    }

    /** {@link #searchPath} as {@code LEAN_PATH} takes it. */
    public String leanPath(List<Path> extra) {
        return String.join(":", searchPath(extra).stream().map(Path::toString).toList());
    }

    public String describe() {
        return "Lean " + version + " at " + lean + " (found via " + foundVia + ")";
    }
}
