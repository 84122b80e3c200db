package dev.leanagent.bridge.toolchain.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchivesTest {

    @Test
    void stripsTheTopDirectoryAndKeepsOnlyWhatIsAsked(@TempDir Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("mathlib-cb2b02f/leanpkg.toml", "[package]\n");
        files.put("mathlib-cb2b02f/src/a/b.lean", "def x := 1\n");
        files.put("mathlib-cb2b02f/src/a/b.olean", "olean");
        Path archive = dir.resolve("m.tar.gz");
        Files.write(archive, TestArchives.tarGz(files));

        assertEquals(3, Archives.extract(archive, dir.resolve("all"), 1, p -> true));
        assertEquals("def x := 1\n", Files.readString(dir.resolve("all/src/a/b.lean")));
        assertTrue(Files.isRegularFile(dir.resolve("all/leanpkg.toml")));

        assertEquals(1, Archives.extract(archive, dir.resolve("oleans"), 1, p -> p.endsWith(".olean")));
        assertFalse(Files.exists(dir.resolve("oleans/src/a/b.lean")));
    }

    @Test
    void tellsXzFromGzipByTheBytesNotTheName(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve("cache.tar.gz");
        Files.write(cache, TestArchives.tarXz(Map.of("src/a/b.olean", "olean")));
        assertEquals(1, Archives.extract(cache, dir.resolve("out"), 0, p -> true));
        assertEquals("olean", Files.readString(dir.resolve("out/src/a/b.olean")));
    }

    @Test
    void keepsTheExecutableBit(@TempDir Path dir) throws IOException {
        Path release = dir.resolve("lean.tar.gz");
        Files.write(release, TestArchives.fakeLeanRelease("3.42.1"));
        Archives.extract(release, dir.resolve("lean"), 1, p -> true);
        assertTrue(Files.isExecutable(dir.resolve("lean/bin/lean")));
    }

    @Test
    void refusesAnEntryThatWouldLandOutsideTheDestination(@TempDir Path dir) throws IOException {
        Path archive = dir.resolve("evil.tar.gz");
        Files.write(archive, TestArchives.tarGz(Map.of("top/../../escaped.txt", "x")));
        IOException e = assertThrows(IOException.class, () -> Archives.extract(archive, dir.resolve("out"), 1, p -> true));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
    }

    @Test
    void strip() {
        assertEquals("src/x.lean", Archives.strip("./top/src/x.lean", 1));
        assertEquals("", Archives.strip("top", 1));
        assertEquals("top/x", Archives.strip("top/x", 0));
    }
}
