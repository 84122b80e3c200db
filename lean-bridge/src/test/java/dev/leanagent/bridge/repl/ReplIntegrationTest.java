package dev.leanagent.bridge.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanagent.bridge.Await;
import dev.leanagent.bridge.LeanTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REPL against a real Lean 3 with the core library only. */
class ReplIntegrationTest {

    private static ReplProcess repl;

    @BeforeAll
    static void startRepl() {
        if (LeanTestSupport.available()) {
            repl = ReplProcess.start(LeanTestSupport.toolchainOrSkip("REPL integration tests"), LeanTestSupport.sandbox(),
                    ReplSettings.defaults());
        }
    }

    @BeforeEach
    void needsLean() {
        LeanTestSupport.toolchainOrSkip("REPL integration tests");
    }

    @AfterAll
    static void stopRepl() {
        if (repl != null) repl.close();
    }

    private static ProofState addComm() {
        return repl.start(StartRequest.statement("", "(a b : ℕ)", "a + b = b + a")).state();
    }

    @Test
    void provesCommutativityStepByStep() {
        ProofState s0 = addComm();
        assertEquals(1, s0.goals().size());
        assertEquals(List.of(new Hypothesis("a", "ℕ"), new Hypothesis("b", "ℕ")), s0.goals().get(0).hyps());
        assertEquals("a + b = b + a", s0.goals().get(0).target());
        assertEquals("a b : ℕ\n⊢ a + b = b + a", s0.canonical());

        ProofState s1 = repl.tactic(s0.id(), "induction b with b ih").state();
        assertEquals(2, s1.goals().size());
        assertEquals("ih", s1.goals().get(1).hyps().get(2).name());
        ProofState s2 = repl.tactic(s1.id(), "rw [nat.add_zero, nat.zero_add]").state();
        assertEquals(1, s2.goals().size());
        assertFalse(s2.complete());
        ProofState s3 = repl.tactic(s2.id(), "rw [nat.add_succ, nat.succ_add, ih]").state();
        assertTrue(s3.complete());
        assertTrue(s3.goals().isEmpty());
    }

    @Test
    void combinatorsAndBlocksAsUsersWriteThem() {
        ProofState s0 = addComm();
        Outcome o = repl.tactic(s0.id(), "induction b with b ih; simp [nat.add_succ, nat.succ_add, *] <|> refl");
        assertTrue(o.ok(), () -> o.toString());
        Outcome o2 = repl.tactic(s0.id(), "{ exact nat.add_comm a b }");
        assertTrue(o2.state().complete());
    }

    @Test
    void equalStatesHaveEqualCanonicalText() {
        ProofState a = repl.tactic(addComm().id(), "rw nat.add_comm").state();
        ProofState b = repl.tactic(addComm().id(), "rw [nat.add_comm]").state();
        assertEquals(a.canonical(), b.canonical());
        assertTrue(a.id() != b.id());
    }

    @Test
    void parseErrorIsReported() {
        Outcome o = repl.tactic(addComm().id(), "simp ,,");
        assertEquals("parse_error", o.error().kind());
    }

    @Test
    void textLeftAfterTheTacticIsRejected() {
        Outcome o = repl.tactic(addComm().id(), "intro n, refl } sorry {");
        assertEquals("leftover_text", o.error().kind());
    }

    @Test
    void failingTacticSaysWhy() {
        Outcome o = repl.tactic(addComm().id(), "exact no_such_lemma");
        assertEquals("tactic_failed", o.error().kind());
        assertTrue(o.error().message().contains("no_such_lemma"), o.error().message());
    }

    @Test
    void nonTerminatingTacticIsStoppedByEitherLimitAndTheReplGoesOn() {
        int s = addComm().id();
        Outcome wall = repl.tactic(s, "iterate 100000000 {skip}", Duration.ofMillis(800), 100_000_000);
        assertEquals("timeout", wall.error().kind());
        Outcome det = repl.tactic(s, "iterate 100000000 {skip}", Duration.ofSeconds(120), 2_000);
        assertEquals("timeout", det.error().kind());
        assertTrue(det.error().message().contains("try_for "), det.error().message());
        assertTrue(repl.tactic(s, "exact nat.add_comm a b").state().complete());
    }

    @Test
    void sorryAdmitAndSmuggledAxiomsNeverCompleteAProof() {
        int s = repl.start(StartRequest.statement("", "", "1 = 2")).state().id();
        for (String cheat : List.of("sorry", "admit", "exact sorry",
                "tactic.add_decl (declaration.ax `cheat [] `(false)), exact (false.elim cheat)",
                "tactic.add_decl (declaration.thm `cheat2 [] `(1 = 2) (task.pure `(sorry : 1 = 2))), exact cheat2")) {
            Outcome o = repl.tactic(s, cheat);
            assertFalse(o.ok() && o.state().complete(), "accepted: " + cheat);
            if (!o.ok()) assertTrue(List.of("proof_rejected", "tactic_failed").contains(o.error().kind()), cheat + ": " + o);
        }
        Outcome o = repl.tactic(s, "sorry");
        assertEquals("proof_rejected", o.error().kind());
    }

    @Test
    void contextLemmasThatUseSorryOrAxiomsDoNotCount() {
        int s = repl.start(StartRequest.statement("theorem helper : 1 = 2 := sorry\n", "", "1 = 2")).state().id();
        assertEquals("proof_rejected", repl.tactic(s, "exact helper").error().kind());
        int t = repl.start(StartRequest.statement("axiom cheat : 1 = 2\n", "", "1 = 2")).state().id();
        assertEquals("proof_rejected", repl.tactic(t, "exact cheat").error().kind());
    }

    @Test
    void earlierProvedDeclarationsNamespacesAndVariablesAreInScope() {
        String ctx = "universe u\nvariables {α : Type u} (x : ℕ)\nnamespace foo\ndef bar : ℕ := 1\n"
                + "theorem bar_eq : bar = 1 := rfl\n";
        ProofState s = repl.start(StartRequest.statement(ctx, "(h : x = 1)", "bar + x = 2")).state();
        assertEquals(List.of("x", "h"), s.goals().get(0).hyps().stream().map(Hypothesis::name).toList());
        assertTrue(repl.tactic(s.id(), "rw [bar_eq, h]").state().complete());
    }

    @Test
    void localNotationWorksInStatementAndTactics() {
        String ctx = "section\nlocal infix ` +++ `:65 := nat.add\n";
        ProofState s = repl.start(StartRequest.statement(ctx, "(a b : ℕ)", "a +++ b = b +++ a")).state();
        assertEquals("a +++ b = b +++ a", s.goals().get(0).target());
        assertTrue(repl.tactic(s.id(), "show a +++ b = b +++ a, exact nat.add_comm a b").state().complete());
    }

    @Test
    void startsFromADeclarationName() {
        ProofState s = repl.start(StartRequest.declaration("open nat", "succ_ne_zero")).state();
        assertEquals("∀ (n : ℕ), n.succ ≠ 0", s.goals().get(0).target());
        assertEquals("unknown_declaration", repl.start(StartRequest.declaration("", "no.such.thing")).error().kind());
    }

    @Test
    void badContextAndStatementAreReportedApart() {
        assertEquals("context_error",
                repl.start(StartRequest.statement("theorem t : 1 = 1 := by simpxx\n", "", "1 = 1")).error().kind());
        assertEquals("statement_error", repl.start(StartRequest.statement("", "", "1 +")).error().kind());
        assertEquals("statement_error", repl.start(StartRequest.statement("", "",
                "1 = 1) := rfl\naxiom foo : false\ndef y : Prop := (true")).error().kind());
    }

    @Test
    void malformedRequestsGetJsonErrorsAndTheReplKeepsServing() {
        assertEquals("bad_json", repl.rawLine("this is not json", Duration.ofSeconds(30)).path("error").path("kind").asText());
        assertEquals("bad_request", repl.rawLine("[1,2]", Duration.ofSeconds(30)).path("error").path("kind").asText());
        ObjectNode unknown = JsonNodeFactory.instance.objectNode().put("cmd", "frobnicate");
        assertEquals("unknown_command", kind(repl.raw(unknown, Duration.ofSeconds(30))));
        ObjectNode badState = JsonNodeFactory.instance.objectNode().put("cmd", "tactic").put("state", 999999).put("tactic", "simp");
        assertEquals("unknown_state", kind(repl.raw(badState, Duration.ofSeconds(30))));
        ObjectNode wrongType = JsonNodeFactory.instance.objectNode().put("cmd", "tactic").put("state", "zero").put("tactic", "simp");
        assertEquals("bad_request", kind(repl.raw(wrongType, Duration.ofSeconds(30))));
        ObjectNode missing = JsonNodeFactory.instance.objectNode().put("cmd", "tactic");
        assertEquals("bad_request", kind(repl.raw(missing, Duration.ofSeconds(30))));
        assertTrue(addComm().goals().size() == 1);
    }

    @Test
    void requestsInRawUtf8AreReadAsUnicode() {
        String start = "{\"id\": 71, \"cmd\": \"start\", \"binders\": \"(a b : ℕ) (f : ℕ → ℕ)\", \"type\": \"f (a + b) = f (b + a)\"}";
        JsonNode started = repl.forward(start.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertTrue(started.path("ok").asBoolean(), started.toString());
        assertEquals(71, started.path("id").asInt());
        assertEquals("f (a + b) = f (b + a)", started.path("goals").path(0).path("target").asText());
        String tactic = "{\"id\": 72, \"cmd\": \"tactic\", \"state\": " + started.path("state").asInt()
                + ", \"tactic\": \"rw nat.add_comm a b -- ℕ 𝔽 λ\"}";
        JsonNode done = repl.forward(tactic.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertTrue(done.path("complete").asBoolean(), done.toString());
    }

    @Test
    void aLineThatIsNotUtf8IsABadRequest() {
        byte[] latin1 = "{\"id\": 1, \"cmd\": \"stats\", \"x\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode reply = repl.forward(latin1, Duration.ofSeconds(30));
        assertEquals("bad_request", kind(reply));
        assertTrue(reply.path("error").path("message").asText().contains("UTF-8"), reply.toString());
        assertTrue(reply.path("id").isNull(), reply.toString());
        assertTrue(addComm().goals().size() == 1);
    }

    @Test
    void releasedStatesAreGone() {
        int s = addComm().id();
        repl.release(List.of(s));
        assertEquals("unknown_state", repl.tactic(s, "simp").error().kind());
    }

    private static String kind(JsonNode reply) {
        assertFalse(reply.path("ok").asBoolean());
        return reply.path("error").path("kind").asText();
    }

    @Test
    void sandboxedTacticsLeaveNoTraceOnTheHost(@TempDir Path dir) throws IOException {
        // Writable by anyone, so only the sandbox can stop the writes.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path target = dir.resolve("written-by-a-tactic");
        Path inTmp = Path.of("/tmp/lean-agent-sandbox-probe-" + ProcessHandle.current().pid());
        int s = addComm().id();
        String touch = "tactic.unsafe_run_io (io.cmd {cmd := \"touch\", args := [\"" + target + "\"]})";
        Outcome touched = repl.tactic(s, touch);
        assertEquals("tactic_failed", touched.error().kind(), touched.toString());
        assertTrue(touched.error().message().contains("exited with status"), touched.toString());
        String write = "tactic.unsafe_run_io (do h ← io.mk_file_handle \"" + inTmp + "\" io.mode.write, io.fs.put_str h \"x\", io.fs.close h)";
        Outcome written = repl.tactic(s, write);
        assertTrue(written.ok(), "the sandbox's own /tmp is writable: " + written);
        String quoted = "«tactic».«unsafe_run_io» (io.cmd {cmd := \"sh\", args := [\"-c\", \"echo x > " + target + "\"]})";
        Outcome viaShell = repl.tactic(s, quoted);
        assertEquals("tactic_failed", viaShell.error().kind(), viaShell.toString());
        assertFalse(Files.exists(target), "a tactic wrote " + target);
        assertFalse(Files.exists(inTmp), "a tactic wrote " + inTmp);
        assertTrue(repl.tactic(s, "exact nat.add_comm a b").state().complete(), "the REPL stopped serving");
    }

    /** A tactic that fails with the content of a file, when it can read it. */
    private static String readAndShow(Path file) {
        return "tactic.unsafe_run_io (io.fs.read_file \"" + file + "\") >>= λ s, (tactic.fail s.to_string : tactic unit)";
    }

    @Test
    void aTacticCannotReadFilesOutsideTheLeanPath(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret-test.txt"), "TOP-SECRET-4711");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int s = addComm().id();
        Outcome refused = repl.tactic(s, readAndShow(secret));
        assertFalse(refused.ok());
        assertFalse(refused.error().message().contains("TOP-SECRET"), refused.toString());
        // Control: the same tactic shows a file of the core library, which is on the Lean path.
        var lean = LeanTestSupport.toolchainOrSkip("REPL integration tests");
        Path core = lean.corePath().get(0).resolve("init").resolve("core.lean");
        Outcome shown = repl.tactic(s, readAndShow(core));
        assertTrue(shown.error().message().contains(Files.readString(core).substring(0, 40).strip()), shown.toString());

        Path home = Path.of(System.getProperty("user.home"));
        Outcome listing = repl.tactic(s, "tactic.unsafe_run_io (io.cmd {cmd := \"sh\", args := [\"-c\", \"ls -A "
                + home + " 2>&1; id\"]}) >>= λ s, (tactic.fail s : tactic unit)");
        try (var inHome = Files.list(home)) {
            for (Path p : inHome.toList()) {
                String name = p.getFileName().toString();
                if (lean.lean().startsWith(p) || name.isBlank()) continue; // the toolchain's own directory
                assertFalse(listing.error().message().lines().anyMatch(name::equals),
                        "the sandbox lists " + p + ": " + listing);
            }
        }
    }

    @Test
    void processesStartedByATacticDieWithTheRepl() throws Exception {
        var lean = LeanTestSupport.toolchainOrSkip("REPL integration tests");
        String marker = "98765" + (ProcessHandle.current().pid() % 1000);
        ReplSettings quick = new ReplSettings(List.of(), List.of(), 4096, Duration.ofMinutes(5), Duration.ofSeconds(5),
                100_000, Duration.ofSeconds(5));
        try (ReplProcess own = ReplProcess.start(lean, LeanTestSupport.sandbox(), quick)) {
            int s = own.start(StartRequest.statement("", "", "true")).state().id();
            // Once the sleeps fill the sandbox's process cap, Lean may not get a thread either: then
            // the request goes unanswered and the process is killed, which is as good an end.
            CompletableFuture<String> spawn = CompletableFuture.supplyAsync(() -> {
                try {
                    return own.tactic(s, "tactic.unsafe_run_io (io.cmd {cmd := \"sh\", args := [\"-c\", "
                            + "\"for i in $(seq 300); do sleep " + marker + " & done > /dev/null 2>&1; echo done\"]}) >> tactic.skip").toString();
                } catch (LeanProcessException e) {
                    return e.getMessage();
                }
            });
            assertTrue(Await.until(() -> Await.processesWith("sleep " + marker) >= 10, Duration.ofSeconds(30)),
                    "the tactic did not start its processes, so this test proves nothing");
            spawn.get(60, TimeUnit.SECONDS);
            long started = Await.processesWith("sleep " + marker);
            assertTrue(started < 300, "the process cap let " + started + " of 300 start");
        }
        assertTrue(Await.until(() -> Await.processesWith("sleep " + marker) == 0, Duration.ofSeconds(30)),
                Await.processesWith("sleep " + marker) + " processes started by a tactic outlived the REPL");
    }

    @Test
    void aKilledProcessIsReportedClearly() {
        var lean = LeanTestSupport.toolchainOrSkip("REPL integration tests");
        ReplProcess own = ReplProcess.start(lean, LeanTestSupport.sandbox(), ReplSettings.defaults());
        int s = own.start(StartRequest.statement("", "", "true")).state().id();
        ProcessHandle.of(own.pid()).ifPresent(ph -> ph.descendants().forEach(ProcessHandle::destroyForcibly));
        assertTrue(Await.until(() -> !own.isAlive(), Duration.ofSeconds(30)), "bubblewrap outlived its Lean");
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> own.tactic(s, "trivial"));
        assertTrue(e.getMessage().contains("exited"), e.getMessage());
        own.close();
    }
}
