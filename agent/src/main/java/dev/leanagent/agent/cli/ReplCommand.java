package dev.leanagent.agent.cli;

import dev.leanagent.bridge.repl.ReplProcess;
import dev.leanagent.bridge.repl.ReplSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"Run the sandboxed Lean REPL on this terminal (JSON lines).",
                "",
                "Type requests one per line (lean-bridge/PROTOCOL.md); for trying the protocol and for "
                        + "editor plugins. Requests are UTF-8 (or ASCII with \\uXXXX escapes). A request "
                        + "unanswered past its limit plus lean.reply-margin kills Lean and ends the command "
                        + "with status 1, as the pool would."})
public final class ReplCommand implements Callable<Integer> {

    @Option(names = "--import", paramLabel = "MODULE", description = "Module to import at start-up (repeatable).")
    List<String> imports = new ArrayList<>();

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        ReplSettings settings = env.settings().repl(imports);
        try (ReplProcess repl = ReplProcess.start(env.toolchain(), env.sandbox(), settings)) {
            System.err.println("lean-agent: REPL started (" + env.toolchain().describe() + "); end with Ctrl-D");
            return new ReplCommandLoop(repl, settings, System.out).run(System.in);
        }
    }
}
