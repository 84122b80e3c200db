package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import dev.leanagent.bridge.file.Lean4Signs;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Lean file a command was given, or a refusal that says what is wrong with it. */
final class LeanInput {

    private LeanInput() {
    }

    static void requireFile(Path file) {
        if (Files.isDirectory(file)) throw new UsageException(file + " is a directory; give a Lean 3 file (FILE.lean)");
        if (!Files.isRegularFile(file)) throw new UsageException("no such file: " + file);
    }

    /** The file read, refused when it is not a file or is Lean 4 (which the Lean 3 reader would misread without a word). */
    static LeanFile read(Path file) {
        requireFile(file);
        LeanFile lean;
        try {
            lean = LeanFileReader.read(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        List<String> signs = Lean4Signs.of(lean.text());
        if (!signs.isEmpty()) {
            throw new UsageException(file + " looks like Lean 4 (" + String.join("; ", signs.subList(0, Math.min(3, signs.size())))
                    + "); lean-agent is for Lean 3 files");
        }
        return lean;
    }
}
