package dev.leanagent.bridge.toolchain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Lean 3 installation: the binary, its version and its core library search path (what
 * `lean --path` reports), plus how it was found so messages can say which one is in use.
 */
public record LeanToolchain(Path lean, String version, List<Path> corePath, String foundVia) {

    /** The search path for a process: the core library first, then the user's directories. */
    public List<Path> searchPath(List<Path> extra) {
        List<Path> path = new ArrayList<>();
        for (Path p : corePath) path.add(p.toAbsolutePath().normalize());
        for (Path p : extra) path.add(p.toAbsolutePath().normalize());
        return path;
    }

    /** {@link #searchPath} as {@code LEAN_PATH} takes it. */
    public String leanPath(List<Path> extra) {
        return String.join(":", searchPath(extra).stream().map(Path::toString).toList());
    }

    public String describe() {
        return "Lean " + version + " at " + lean + " (found via " + foundVia + ")";
    }
}
