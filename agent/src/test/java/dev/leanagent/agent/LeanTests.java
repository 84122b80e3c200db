package dev.leanagent.agent;

import dev.leanagent.bridge.toolchain.LeanNotFoundException;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import org.junit.jupiter.api.Assumptions;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Agent tests that need Lean 3 run when a toolchain is found, and say once per suite when skipped. */
final class LeanTests {

    private static final Set<String> announced = new HashSet<>();

    private LeanTests() {
    }

    static synchronized LeanToolchain toolchainOrSkip(String suite) {
        try {
            return ToolchainLocator.fromSystem().locate(Optional.empty());
        } catch (LeanNotFoundException e) {
            if (announced.add(suite)) {
                System.out.println("[lean-agent tests] SKIPPED " + suite + ": no Lean 3 toolchain found (looked at "
                        + "LEAN_HOME, PATH and elan). Set LEAN_HOME to a Lean 3 toolchain to run them.");
            }
            Assumptions.assumeTrue(false, suite + " skipped: no Lean 3 toolchain (set LEAN_HOME)");
            throw new IllegalStateException("unreachable");
        }
    }
}
