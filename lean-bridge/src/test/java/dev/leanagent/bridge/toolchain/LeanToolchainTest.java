package dev.leanagent.bridge.toolchain;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LeanToolchainTest {

    private final LeanToolchain lean = new LeanToolchain(Path.of("/opt/lean/bin/lean"), "3.42.1",
            List.of(Path.of("/opt/lean/lib/lean/library")), "a test");

    @Test
    void eachDirectoryIsOnThePathOnceWhateverItsSpelling() {
        // miniF2F's lean/src given by --lean-path and again by the checker (the file's own directory)
        // made Lean refuse `import minif2f_import` as ambiguous.
        List<Path> extra = List.of(Path.of("/ws/mathlib/src"), Path.of("/ws/miniF2F/lean/src"),
                Path.of("/ws/miniF2F/lean/src/"), Path.of("/ws/miniF2F/lean/../lean/src"), Path.of("/opt/lean/lib/lean/library"));
        assertEquals("/opt/lean/lib/lean/library:/ws/mathlib/src:/ws/miniF2F/lean/src", lean.leanPath(extra));
    }
}
