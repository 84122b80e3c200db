package dev.leanagent.bridge;

import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.LeanNotFoundException;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import org.junit.jupiter.api.Assumptions;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Integration tests need a Lean 3 toolchain (LEAN_HOME, lean on PATH, or elan). Without one they
 * are skipped, and say so on the console; with one, a missing sandbox is a failure, not a skip.
 */
public final class LeanTestSupport {

    private static LeanToolchain toolchain;
    private static String missing;
    private static final Set<String> announced = new HashSet<>();

    private LeanTestSupport() {
    }

    /** Whether a toolchain is there, without skipping: for {@code @BeforeAll} set-up. */
    public static synchronized boolean available() {
        return find() != null;
    }

    private static LeanToolchain find() {
        if (toolchain == null && missing == null) {
            try {
                toolchain = ToolchainLocator.fromSystem().locate(Optional.empty());
                System.out.println("[lean-agent tests] using " + toolchain.describe());
            } catch (LeanNotFoundException e) {
                missing = "no Lean 3 toolchain found (looked at LEAN_HOME, PATH and elan).";
            }
        }
        return toolchain;
    }

    /**
     * The toolchain, or an aborted (skipped) test. Call it from {@code @BeforeEach} so each test
     * counts as skipped in the report; from {@code @BeforeAll} the whole class would vanish.
     */
    public static synchronized LeanToolchain toolchainOrSkip(String suite) {
        find();
        if (toolchain == null) {
            if (announced.add(suite)) {
                System.out.println("[lean-agent tests] SKIPPED " + suite + ": " + missing
                        + " Set LEAN_HOME to a Lean 3 toolchain to run them.");
            }
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
