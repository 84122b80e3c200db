package dev.leanagent.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: benchmarks; {@code bench minif2f} runs miniF2F. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: `bench minif2f` (see its --help).",
        subcommands = {MiniF2FCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
