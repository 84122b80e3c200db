package dev.leanagent.model.testing;

import dev.leanagent.model.tokenizer.Tokenizer;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The real InternLM2 model file for tests: {@code -Dleanagent.tokenizer.model=PATH}, else the first
 * {@code shared/tokenizers/internlm2.model} found walking up from the working directory (the
 * repository's {@code ../shared}). Without it the tests are skipped and say so once per suite.
 */
public final class TestTokenizers {

    public static final String PROPERTY = "leanagent.tokenizer.model";
    private static final Path RELATIVE = Path.of("shared", "tokenizers", "internlm2.model");
    private static final Set<String> announced = new HashSet<>();
    private static Tokenizer shared;

    private TestTokenizers() {
    }

    public static Path modelFile() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) return Path.of(property);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        return null;
    }

    /** Path to the model, or an aborted (skipped) test; call from {@code @BeforeEach} or a test body. */
    public static synchronized Path modelFileOrSkip(String suite) {
        Path file = modelFile();
        boolean present = file != null && Files.isReadable(file);
        if (!present) {
            if (announced.add(suite)) {
                System.out.println("[lean-agent tests] SKIPPED " + suite + ": no tokenizer model "
                        + (file != null ? "at " + file : "shared/tokenizers/internlm2.model above " + Path.of("").toAbsolutePath())
                        + ". Set -D" + PROPERTY + "=PATH to run them.");
            }
            Assumptions.assumeTrue(false, suite + " skipped: no InternLM2 tokenizer model (-D" + PROPERTY + ")");
        }
        return file;
    }

    /** One tokenizer for all read-only tests; left open for the JVM's life. */
    public static synchronized Tokenizer sharedOrSkip(String suite) {
        Path file = modelFileOrSkip(suite);
        if (shared == null) shared = Tokenizer.load(file);
        return shared;
    }
}
