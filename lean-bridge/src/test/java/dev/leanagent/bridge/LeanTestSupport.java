package dev.leanagent.bridge;

import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.LeanNotFoundException;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import org.junit.jupiter.api.Assumptions;

import java.util.Optional;

/**
 * Integration tests need a Lean 3 toolchain (LEAN_HOME, lean on PATH, or elan). Without one they
 * are skipped, and say so on the console; with one, a missing sandbox is a failure, not a skip.
 */
public final class LeanTestSupport {

    private static LeanToolchain toolchain;
    private static String missing;

    private LeanTestSupport() {
    }

    public static synchronized LeanToolchain toolchainOrSkip(String suite) {
        if (toolchain == null && missing == null) {
            try {
                toolchain = ToolchainLocator.fromSystem().locate(Optional.empty());
                System.out.println("[lean-agent tests] " + suite + ": using " + toolchain.describe());
            } catch (LeanNotFoundException e) {
                missing = e.getMessage().lines().findFirst().orElse("no Lean 3");
            }
        }
        if (toolchain == null) {
            System.out.println("[lean-agent tests] SKIPPED " + suite + ": " + missing
                    + " Set LEAN_HOME to a Lean 3 toolchain to run them.");
            Assumptions.assumeTrue(false, suite + " skipped: no Lean 3 toolchain (set LEAN_HOME)");
        }
        return toolchain;
    }

    private static Sandbox sandbox;

    public static synchronized Sandbox sandbox() {
        if (sandbox == null) sandbox = Sandbox.detect();
        return sandbox;
    }
}
