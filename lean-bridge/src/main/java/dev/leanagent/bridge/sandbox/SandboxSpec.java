package dev.leanagent.bridge.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one contained process may use: a throw-away working directory (its only writable place
 * besides an in-memory /tmp), a memory cap in MiB, and its environment variables.
 */
public record SandboxSpec(Path workDir, long memoryMb, Map<String, String> env) {
}
