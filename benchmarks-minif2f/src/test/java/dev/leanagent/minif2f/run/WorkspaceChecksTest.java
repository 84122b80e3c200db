package dev.leanagent.minif2f.run;

import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.minif2f.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split's imports must be found, compiled, and compiled by the Lean in use: .olean files may come from elsewhere. */
class WorkspaceChecksTest {

    @TempDir
    Path tmp;
    private Path lib;
    private LeanToolchain lean;
    private RunRequest request;

    @BeforeEach
    void workspace() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("minif2f/lean/src"));
        Files.writeString(src.resolve("minif2f_import.lean"), "-- stands in for mathlib\n");
        Files.writeString(src.resolve("test.lean"), "theorem t : 1 = 1 := sorry\n");
        Files.writeString(src.resolve("valid.lean"), "import foo\n\ntheorem mathd_algebra_1 : 2 + 2 = 4 := sorry\n");
        lib = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(lib.resolve("foo.lean"), "import bar\ndef foo_val : ℕ := 42\n");
        Files.writeString(lib.resolve("bar.lean"), "def bar_val : ℕ := 1\n");
        lean = new LeanToolchain(tmp.resolve("lean/bin/lean"), Workspace.LEAN_VERSION,
                List.of(Files.createDirectories(tmp.resolve("lean/library"))), "a test");
        request = new RunRequest("valid", new Workspace(tmp.resolve("minif2f")), Optional.empty(), null, null, 1,
                tmp.resolve("run"), false);
    }

    /** The start of an .olean as Lean 3 writes it: "oleanfile", the version, the commit, then the binary body. */
    private void olean(String module, String version) throws IOException {
        byte[] head = ("oleanfile\0" + version + ", commit 68455b087d87\0").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[200];
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        Files.write(lib.resolve(module + ".olean"), all);
    }

    @Test
    void oleansOfThisLeanPass() throws Exception {
        olean("foo", "3.42.1");
        olean("bar", "3.42.1");
        assertEquals(List.of("mathd_algebra_1"), SplitRun.prepare(request, lean, List.of(lib)).theorems().stream()
                .map(d -> d.name()).toList());
    }

    @Test
    void anOleanWrittenByAnotherLeanIsNamed() throws Exception {
        olean("foo", "3.42.1");
        olean("bar", "3.51.1");
        RunSetupException e = assertThrows(RunSetupException.class, () -> SplitRun.prepare(request, lean, List.of(lib)));
        assertTrue(e.getMessage().startsWith("the miniF2F workspace was not compiled by this Lean: 1 of the 2 modules "
                + "imported have an .olean that Lean 3.42.1 did not write"), e.getMessage());
        assertTrue(e.getMessage().contains("bar: " + lib.resolve("bar.olean") + " was written by Lean 3.51.1"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("run")), "nothing was written");
    }

    @Test
    void aFileThatIsNoOleanIsNamed() throws Exception {
        Files.writeString(lib.resolve("foo.olean"), "garbage\n"); // Lean would silently elaborate foo.lean instead
        olean("bar", "3.42.1");
        RunSetupException e = assertThrows(RunSetupException.class, () -> SplitRun.prepare(request, lean, List.of(lib)));
        assertTrue(e.getMessage().contains("foo: " + lib.resolve("foo.olean") + " is not an .olean file"), e.getMessage());
    }

    @Test
    void uncompiledAndMissingImportsAreNamedWithTheWayToFinish() throws Exception {
        olean("foo", "3.42.1");
        RunSetupException notCompiled = assertThrows(RunSetupException.class,
                () -> SplitRun.prepare(request, lean, List.of(lib)));
        assertTrue(notCompiled.getMessage().contains("1 of the 2 modules imported have no compiled .olean, e.g. bar")
                && notCompiled.getMessage().contains("--make minif2f_import.lean"), notCompiled.getMessage());
        RunRequest bySetup = new RunRequest("valid", request.workspace(), Optional.of(tmp), null, null, 1,
                tmp.resolve("run"), false);
        assertTrue(assertThrows(RunSetupException.class, () -> SplitRun.prepare(bySetup, lean, List.of(lib))).getMessage()
                .contains("./lean-agent bench minif2f setup --dir " + tmp));
        RunSetupException notFound = assertThrows(RunSetupException.class, () -> SplitRun.prepare(request, lean, List.of()));
        assertTrue(notFound.getMessage().contains("not on Lean's path") && notFound.getMessage().contains("--lean-path"),
                notFound.getMessage());
    }
}
