package dev.leanagent.bridge.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one contained process may use: a throw-away working directory (its only writable place
 * besides an in-memory /tmp), a memory cap in MiB, its environment variables, the directories it
 * may read besides the system's and those on its {@code LEAN_PATH}, and how many processes and
 * threads it may run at once.
 */
public record SandboxSpec(Path workDir, long memoryMb, Map<String, String> env, List<Path> readable,
                          int maxProcesses) {

    /**
     * Processes and threads of one sandbox: Lean runs a thread per core besides its main one, and
     * a tactic may start a few helpers; a fork bomb stops here.
     */
    public static final int DEFAULT_MAX_PROCESSES = 64 + 2 * Runtime.getRuntime().availableProcessors();

    public SandboxSpec {
        readable = List.copyOf(readable);
        env = Map.copyOf(env);
        if (maxProcesses < 1) throw new IllegalArgumentException("maxProcesses must be positive: " + maxProcesses);
    }

    public SandboxSpec(Path workDir, long memoryMb, Map<String, String> env) {
        this(workDir, memoryMb, env, List.of(), DEFAULT_MAX_PROCESSES);
    }

    public SandboxSpec withMaxProcesses(int max) {
        return new SandboxSpec(workDir, memoryMb, env, readable, max);
    }

    public SandboxSpec withReadable(List<Path> dirs) {
        return new SandboxSpec(workDir, memoryMb, env, dirs, maxProcesses);
    }
}
