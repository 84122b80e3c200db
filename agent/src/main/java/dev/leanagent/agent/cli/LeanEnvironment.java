package dev.leanagent.agent.cli;

import dev.leanagent.agent.LeanSettings;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;

/** What a command needs to run Lean: the toolchain and the sandbox, found once. */
record LeanEnvironment(LeanSettings settings, LeanToolchain toolchain, Sandbox sandbox) {

    static LeanEnvironment find(LeanSettings settings) {
        LeanToolchain t = ToolchainLocator.fromSystem().locate(settings.home());
        return new LeanEnvironment(settings, t, Sandbox.detect());
    }
}
