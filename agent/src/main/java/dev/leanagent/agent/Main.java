package dev.leanagent.agent;

import dev.leanagent.agent.cli.BenchCommand;
import dev.leanagent.agent.cli.BenchPoolCommand;
import dev.leanagent.agent.cli.BenchSearchCommand;
import dev.leanagent.agent.cli.BenchServeCommand;
import dev.leanagent.agent.cli.BenchModelCommand;
import dev.leanagent.agent.cli.ScoreCommand;
import dev.leanagent.agent.cli.SuggestCommand;
import dev.leanagent.agent.cli.CheckCommand;
import dev.leanagent.agent.cli.ExportPairsCommand;
import dev.leanagent.agent.cli.ProveCommand;
import dev.leanagent.agent.cli.NodeCommand;
import dev.leanagent.agent.cli.ConfigCommand;
import dev.leanagent.agent.cli.ReplCommand;
import dev.leanagent.agent.cli.ServeCommand;
import dev.leanagent.agent.cli.SetupCommand;
import dev.leanagent.agent.runtime.RunCancelledException;
import dev.leanagent.bridge.repl.LeanProcessException;
import dev.leanagent.bridge.sandbox.SandboxUnavailableException;
import dev.leanagent.bridge.toolchain.LeanNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./lean-agent} command line. */
@Command(name = "lean-agent", mixinStandardHelpOptions = true, version = "lean-agent " + Main.VERSION,
        description = {"Proves Lean 3 theorems by best-first search guided by a tactic model.",
                "Every Lean process runs sandboxed (bubblewrap). Settings: `lean-agent config`."},
        subcommands = {SetupCommand.class, ProveCommand.class, NodeCommand.class, CheckCommand.class, ReplCommand.class, ConfigCommand.class, ServeCommand.class, BenchCommand.class, BenchPoolCommand.class,
                BenchSearchCommand.class, SuggestCommand.class, ScoreCommand.class, BenchModelCommand.class, BenchServeCommand.class, ExportPairsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Start logging before Pekko's threads do, or SLF4J prints a warning about replayed calls.
        org.slf4j.LoggerFactory.getLogger(Main.class);
        System.exit(run(args));
    }

    /**
     * Runs the command line; returns the exit status (0 ok, 1 the work found failures, 2 a usage or
     * setup error, 130 / 143 a run cancelled by SIGINT / SIGTERM).
     */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        dev.leanagent.agent.cli.SpaceWrappedHelp.install(cl);
        // The error and a pointer to --help: the full usage after it would scroll the error away.
        cl.setParameterExceptionHandler((ex, line) -> {
            CommandLine at = ex.getCommandLine();
            at.getErr().println("lean-agent: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, at.getErr());
            at.getErr().println("(see `" + at.getCommandSpec().qualifiedName() + " --help`)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof RunCancelledException c) {
                // The lines are written and Lean is stopped by now (the run's resources are closed).
                line.getErr().println("lean-agent: " + c.getMessage() + "; the running theorems were written as "
                        + "cancelled, --resume runs them and those not started");
                return c.cancellation().exitStatus();
            }
            if (ex instanceof UsageException || ex instanceof LeanNotFoundException
                    || ex instanceof SandboxUnavailableException || ex instanceof LeanProcessException) {
                line.getErr().println("lean-agent: " + ex.getMessage());
                return 2;
            }
            line.getErr().println("lean-agent: " + ex);
            if (System.getenv("LEAN_AGENT_DEBUG") != null) ex.printStackTrace(line.getErr());
            else line.getErr().println("(set LEAN_AGENT_DEBUG=1 for the stack trace)");
            return 3;
        });
        return cl.execute(args);
    }
}
