package dev.leanagent.agent.cli;

import com.typesafe.config.Config;
import dev.leanagent.agent.LeanSettings;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.agent.runtime.AgentSystem;
import dev.leanagent.bridge.pool.PoolSettings;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.toolchain.ImportClosure;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;

import java.io.IOException;

/** What a command needs to run Lean: the toolchain and the sandbox, found once. */
record LeanEnvironment(LeanSettings settings, LeanToolchain toolchain, Sandbox sandbox) {

    static LeanEnvironment find(LeanSettings settings) {
        LeanToolchain t = ToolchainLocator.fromSystem().locate(settings.home());
        return new LeanEnvironment(settings, t, Sandbox.detect());
    }

    /** The modules {@code file} imports, found on Lean's path (its core library, then lean.path) as Lean finds them. */
    ImportClosure importsOf(LeanFile file) throws IOException {
        return ImportClosure.of(file.imports(), file.path(), toolchain.searchPath(settings.path()));
    }

    /**
     * The modules of an import list Lean would not find on its path. A relative import ({@code import .foo})
     * names no file without an importing file on disk, so it counts as not found.
     */
    java.util.List<String> unresolved(java.util.List<String> imports) {
        java.util.List<String> relative = imports.stream().filter(i -> i.startsWith(".")).toList();
        if (!relative.isEmpty()) return relative;
        try {
            return ImportClosure.of(imports, null, toolchain.searchPath(settings.path())).unresolved();
        } catch (IOException e) {
            return java.util.List.of(imports + " (" + e.getMessage() + ")");
        }
    }

    /** The independent checker: a fresh sandboxed Lean per file. */
    ProofChecker checker() {
        return new ProofChecker(toolchain, sandbox, settings.path(), settings.memoryMb(), settings.checkTimeout());
    }

    /** The run's actor system, configured by {@code config}, with its pools of sandboxed REPLs. */
    AgentSystem agent(PoolSettings pool, Config config) {
        return AgentSystem.start(config, pool, imports -> () -> ReplProcess.start(toolchain, sandbox, settings.repl(imports)));
    }
}
