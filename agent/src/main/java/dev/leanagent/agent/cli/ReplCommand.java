package dev.leanagent.agent.cli;

import dev.leanagent.bridge.repl.ReplProgram;
import dev.leanagent.bridge.sandbox.ContainedProcesses;
import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.sandbox.WorkDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"Run the sandboxed Lean REPL on this terminal (JSON lines).",
                "",
                "Type requests one per line (lean-bridge/PROTOCOL.md); for trying the protocol and for "
                        + "editor plugins. Non-ASCII characters in requests must be written as \\uXXXX escapes."})
public final class ReplCommand implements Callable<Integer> {

    @Option(names = "--import", paramLabel = "MODULE", description = "Module to import at start-up (repeatable).")
    List<String> imports = new ArrayList<>();

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        Path work = WorkDirs.create("lean-agent-repl");
        try {
            ReplProgram.writeTo(work, imports);
            List<String> cmd = ReplProcess.commandLine(env.toolchain(), env.sandbox(), env.settings().repl(imports), work);
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            ContainedProcesses.register(p);
            System.err.println("lean-agent: REPL started (" + env.toolchain().describe() + "); end with Ctrl-D");
            return p.waitFor();
        } finally {
            WorkDirs.deleteQuietly(work);
        }
    }
}
