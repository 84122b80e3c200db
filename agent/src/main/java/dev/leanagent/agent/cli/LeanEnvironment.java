package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.LeanSettings;
import dev.leanagent.bridge.pool.LeanPools;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;

/** What a command needs to run Lean: the toolchain and the sandbox, found once. */
record LeanEnvironment(LeanSettings settings, LeanToolchain toolchain, Sandbox sandbox) {

    static LeanEnvironment find(LeanSettings settings) {
        LeanToolchain t = ToolchainLocator.fromSystem().locate(settings.home());
        return new LeanEnvironment(settings, t, Sandbox.detect());
    }

    /** Pools of sandboxed REPLs, in an actor system configured by {@code config}. */
    LeanPools pools(PoolSettings pool, Config config) {
        return LeanPools.standalone(pool, imports -> () -> ReplProcess.start(toolchain, sandbox, settings.repl(imports)),
                config);
    }
}
