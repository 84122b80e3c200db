package dev.leanagent.bridge.toolchain;

import dev.leanagent.bridge.file.LeanFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportClosureTest {

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void importsAreReadFromTheHeaderOnly() {
        String text = "/- a header comment\n   import not.this -/\n-- nor this\nimport a.b\n  c.d -- two on one command\n"
                + "import .rel ..up.one\n\nopen nat\n\ntheorem t : true := trivial\nimport late.one\n";
        assertEquals(List.of("a.b", "c.d", ".rel", "..up.one"), LeanFileReader.importsOf(text));
        assertEquals(List.of(), LeanFileReader.importsOf("theorem t : true := trivial\n"));
        // as in mathlib's tactic/obviously.lean: a doc comment ends the names, then a command the splitter does not know
        assertEquals(List.of("tactic.tidy", "tactic.replacer"),
                LeanFileReader.importsOf("import tactic.tidy\nimport tactic.replacer\n\n/-! # `obviously` -/\n\ndef_replacer obviously\n"));
    }

    @Test
    void findsEveryModuleAsLeanDoesAndSaysWhichAreNotCompiled(@TempDir Path dir) throws Exception {
        Path core = dir.resolve("core"), lib = dir.resolve("lib");
        write(core.resolve("init/default.lean"), "import init.core\n");
        write(core.resolve("init/default.olean"), "");
        write(core.resolve("init/core.lean"), "prelude\n");
        write(core.resolve("init/core.olean"), "");
        write(lib.resolve("a/b.lean"), "import init .c\n");
        write(lib.resolve("a/b.olean"), "");
        write(lib.resolve("a/c.lean"), "import d\n-- compiled nowhere\n");
        write(lib.resolve("d/default.lean"), "import init\n");
        write(lib.resolve("d/default.olean"), "");
        write(lib.resolve("e.olean"), ""); // shipped compiled, without its source
        Path importer = dir.resolve("work/main.lean");
        write(importer, "import a.b e no.such.module\n");

        ImportClosure c = ImportClosure.of(LeanFileReader.importsOf(Files.readString(importer)), importer, List.of(core, lib));
        assertEquals(List.of(".c", "a.b", "d", "e", "init", "init.core"),
                c.modules().stream().map(ImportClosure.Module::name).sorted().toList());
        assertEquals(List.of(lib.resolve("a/c.lean").toAbsolutePath()), c.uncompiled().stream().map(ImportClosure.Module::file).toList());
        assertEquals(1, c.unresolved().size());
        assertTrue(c.unresolved().get(0).startsWith("no.such.module (imported by "), c.unresolved().toString());
        String gaps = c.gaps().orElseThrow();
        assertTrue(gaps.contains("1 imported module(s) are not on Lean's path: no.such.module"), gaps);
        assertTrue(gaps.contains("1 of the 6 modules imported have no compiled .olean, e.g. .c (" + lib.resolve("a/c.lean").toAbsolutePath()), gaps);

        Files.writeString(lib.resolve("a/c.olean"), "");
        Files.writeString(importer, "import a.b e\n");
        assertEquals(java.util.Optional.empty(),
                ImportClosure.of(LeanFileReader.importsOf(Files.readString(importer)), importer, List.of(core, lib)).gaps());
    }
}
