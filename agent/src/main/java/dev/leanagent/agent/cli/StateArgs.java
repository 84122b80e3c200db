package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Lean 3 tactic state, given inline or, for multi-line states, in a file ("-" reads stdin). */
public final class StateArgs {

    // Two plain options checked by hand: an exclusive ArgGroup inside a mixin is listed twice in --help.
    @Option(names = "--state", paramLabel = "TEXT", description = "The tactic state, e.g. 'n : ℕ ⊢ n + 0 = n'.")
    String text;

    @Option(names = "--state-file", paramLabel = "FILE", description = "A file holding the tactic state; - for stdin.")
    Path file;

    public String state() {
        if ((text == null) == (file == null)) {
            throw new UsageException("give the tactic state with exactly one of --state TEXT or --state-file FILE");
        }
        if (text != null) {
            return text;
        }
        try {
            String s = file.toString().equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(file);
            return s.strip();
        } catch (IOException e) {
            throw new UsageException("cannot read --state-file " + file + ": " + e.getMessage());
        }
    }
}
