package dev.leanagent.bridge.repl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of one REPL process.
 *
 * @param imports        the import set, fixed for the life of the process
 * @param leanPath       directories searched for imported modules, after the core library
 * @param memoryMb       Lean's {@code -M}; the sandbox's address-space cap sits above it
 * @param startupTimeout loading imports (mathlib takes tens of seconds) and compiling the REPL
 * @param tacticTimeout  default wall-clock limit per tactic, enforced inside Lean
 * @param heartbeats     default deterministic limit per tactic ({@code try_for}), see PROTOCOL.md
 * @param replyMargin    how much longer than the tactic limit we wait before calling Lean hung
 */
public record ReplSettings(List<String> imports, List<Path> leanPath, long memoryMb, Duration startupTimeout,
                           Duration tacticTimeout, long heartbeats, Duration replyMargin) {

    public static ReplSettings defaults() {
        return new ReplSettings(List.of(), List.of(), 4096, Duration.ofSeconds(300), Duration.ofSeconds(5),
                100_000, Duration.ofSeconds(30));
    }

    public ReplSettings withImports(List<String> imports) {
        return new ReplSettings(List.copyOf(imports), leanPath, memoryMb, startupTimeout, tacticTimeout, heartbeats,
                replyMargin);
    }

    public ReplSettings withLeanPath(List<Path> leanPath) {
        return new ReplSettings(imports, List.copyOf(leanPath), memoryMb, startupTimeout, tacticTimeout, heartbeats,
                replyMargin);
    }
}
