package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Lean 3 tactic state, given inline or, for multi-line states, in a file ("-" reads stdin). */
public final class StateArgs {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--state", paramLabel = "TEXT", description = "The tactic state, e.g. 'n : ℕ ⊢ n + 0 = n'.")
        String text;

        @Option(names = "--state-file", paramLabel = "FILE", description = "A file holding the tactic state; - for stdin.")
        Path file;
    }

    public String state() {
        if (source.text != null) {
            return source.text;
        }
        try {
            String s = source.file.toString().equals("-")
                    ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    : Files.readString(source.file);
            return s.strip();
        } catch (IOException e) {
            throw new UsageException("cannot read --state-file " + source.file + ": " + e.getMessage());
        }
    }
}
