package dev.leanagent.bridge.toolchain;

import java.nio.file.Path;
import java.util.List;

/**
 * A Lean 3 installation: the binary, its version and its core library search path (what
 * `lean --path` reports), plus how it was found so messages can say which one is in use.
 */
public record LeanToolchain(Path lean, String version, List<Path> corePath, String foundVia) {

    /** The search path for a process: the core library first, then the user's directories. */
    public String leanPath(List<Path> extra) {
        StringBuilder sb = new StringBuilder();
        for (Path p : corePath) append(sb, p);
        for (Path p : extra) append(sb, p);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Path p) {
        if (!sb.isEmpty()) sb.append(':');
        sb.append(p.toAbsolutePath().normalize());
    }

    public String describe() {
        return "Lean " + version + " at " + lean + " (found via " + foundVia + ")";
    }
}
