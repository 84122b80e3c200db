package dev.leanagent.model.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad model files are refused by name before the native library sees them; no model file needed. */
class TokenizerLoadTest {

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(missing));
        assertTrue(e.getMessage().contains("nope.model"), e.getMessage());
    }

    @Test
    void fileThatIsNotAModelIsNamed(@TempDir Path dir) throws Exception {
        for (String content : List.of("", "hello, this is text\n", "\u0000\u0001\u0002")) {
            Path bogus = dir.resolve("bogus.model");
            Files.writeString(bogus, content, StandardCharsets.UTF_8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(bogus));
            assertTrue(e.getMessage().contains("bogus.model"), e.getMessage());
        }
    }

    @Test
    void directoryIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.getFileName().toString()), e.getMessage());
    }
}
