package dev.leanagent.bridge.repl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The REPL's Lean source (a resource of this module) with an import set prepended: imports are
 * fixed when a Lean process starts, so each import set gets its own copy of the program.
 */
public final class ReplProgram {

    public static final String FILE_NAME = "lean_agent_repl.lean";
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_'.]*");

    private ReplProgram() {
    }

    public static String source() {
        try (InputStream in = ReplProgram.class.getResourceAsStream("/dev/leanagent/bridge/repl.lean")) {
            if (in == null) throw new IllegalStateException("repl.lean is missing from the lean-bridge jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read repl.lean from the lean-bridge jar", e);
        }
    }

    /** Writes the program for {@code imports} into {@code dir} and returns its path. */
    public static Path writeTo(Path dir, List<String> imports) throws IOException {
        StringBuilder sb = new StringBuilder("import system.io\n");
        for (String m : imports) {
            if (!MODULE.matcher(m).matches()) throw new IllegalArgumentException("not a module name: '" + m + "'");
            sb.append("import ").append(m).append('\n');
        }
        sb.append(source());
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }
}
