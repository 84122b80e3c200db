package dev.leanagent.minif2f.run;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportLoadFailureTest {

    /** What the pool answered when Lean 3.42.1 met a truncated foo.olean (its output as printed, paths shortened). */
    static final String LEAN_ON_A_CORRUPTED_OLEAN = "no Lean process for imports [foo] could be started (the pool keeps "
            + "trying): the Lean REPL did not start (Lean 3.42.1 at /lean/bin/lean, imports [foo]): the Lean process 42 "
            + "exited with status 1; its last output:\n"
            + "/ws/lib/foo.lean:1:0: error: file '/ws/lib/foo.olean' has been corrupted\n"
            + "/tmp/repl/repl.lean:1:0: error: file '/ws/lib/foo.olean' has been corrupted\n"
            + "/tmp/repl/repl.lean:2:0: error: invalid import: foo\n"
            + "could not resolve import: foo\n"
            + "<unknown>:1:1: error: could not resolve import: foo";

    @Test
    void namesTheModuleAndLeansReasonFirst() {
        String m = ImportLoadFailure.describe(List.of("foo"), LEAN_ON_A_CORRUPTED_OLEAN);
        assertTrue(m.startsWith("the miniF2F workspace does not load: Lean could not load foo (file '/ws/lib/foo.olean' "
                + "has been corrupted), so no theorem can be searched."), m);
        assertTrue(m.contains("What Lean said:\n  no Lean process for imports [foo]"), "Lean's whole account follows: " + m);
    }

    @Test
    void aModuleTheSandboxCannotSeeIsToldApart() {
        String m = ImportLoadFailure.describe(List.of("foo"), "its last output:\n"
                + "/tmp/lean-agent-repl1/lean_agent_repl.lean:1:0: error: file 'foo' not found in the search path\n"
                + "/tmp/lean-agent-repl1/lean_agent_repl.lean:2:0: error: invalid import: foo");
        assertTrue(m.contains("Lean could not load foo (file 'foo' not found in the search path)")
                && m.contains("under /tmp is invisible to it"), m);
        assertTrue(!ImportLoadFailure.describe(List.of("foo"), LEAN_ON_A_CORRUPTED_OLEAN).contains("/tmp is invisible"));
    }

    @Test
    void withoutLeansWordsTheImportsAreNamed() {
        String m = ImportLoadFailure.describe(List.of("minif2f_import"), "Lean gave no reply within 120 s to init request 1");
        assertTrue(m.startsWith("the miniF2F workspace does not load: Lean could not load the imports [minif2f_import], "), m);
    }
}
