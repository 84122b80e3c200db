package dev.leanagent.agent;

import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real command line in a child JVM, stopped with SIGTERM while it searches a slow theorem:
 * it exits 143, writes the running theorem as cancelled and nothing for the one not started,
 * leaves no Lean process and no work directory, and {@code --resume} runs both again.
 */
class InterruptedProveTest {

    @Test
    void sigtermDuringProveLeavesAResumableRecordAndNothingBehind(@TempDir Path dir) throws Exception {
        LeanTests.toolchainOrSkip("interrupted prove tests");
        Path file = Files.writeString(dir.resolve("slow.lean"),
                "theorem slow_one : (1 : ℕ) = 1 := sorry\n\ntheorem not_started : true := sorry\n");
        // The only tactic keeps Lean busy for a minute and changes nothing: the search is still running when stopped.
        Path slow = Files.writeString(dir.resolve("slow.conf"),
                "tactics = [ { tactic = \"iterate 1000000000 {skip}\", logprob = -1.0, scope = core, limit = 60s } ]\n");
        Path out = dir.resolve("results.jsonl");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + tmp, Main.class.getName(),
                "prove", file.toString(), "--out", out.toString(), "--workers", "1", "--concurrency", "1",
                "--set", "search.automation-tactics=" + slow));
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) err.add(l);
            } catch (java.io.IOException e) {
                // the child ended
            }
        });
        reader.start();
        Set<Long> lean = ConcurrentHashMap.newKeySet();
        try {
            CancellationTest.await(() -> err.contains("[0/2] searching") || !child.isAlive(), "the search started", 120);
            assertTrue(child.isAlive(), "still running: " + err);
            // Lean's processes (the sandbox and what runs in it), to check on after the child is gone.
            CancellationTest.await(() -> {
                child.descendants().forEach(p -> lean.add(p.pid()));
                return !lean.isEmpty();
            }, "a Lean process under the child", 30);

            child.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its stderr)
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child stopped: " + err);
        } finally {
            child.destroyForcibly();
        }
        reader.join(10_000);
        String log = String.join("\n", err) + "\nresults: " + (Files.exists(out) ? Files.readString(out) : "none");
        assertEquals(143, child.exitValue(), log);
        assertTrue(err.stream().anyMatch(l -> l.contains("SIGTERM: cancelling")), log);

        List<ProofResult> lines = ProofResults.read(out);
        assertEquals(1, lines.size(), "one line, for the theorem that was running: " + lines);
        assertEquals("slow_one", lines.get(0).name());
        assertEquals(ProofResult.ERROR, lines.get(0).status());
        assertTrue(lines.get(0).reason().startsWith("cancelled"), lines.get(0).reason());

        CancellationTest.await(() -> lean.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)),
                "no Lean process left of " + lean, 10);
        try (Stream<Path> left = Files.list(tmp)) {
            List<Path> ours = left.filter(p -> p.getFileName().toString().startsWith("lean-agent-")).toList();
            assertTrue(ours.isEmpty(), "work directories left: " + ours);
        }

        // --resume runs the cancelled theorem and the one never started (now with tactics that prove them).
        Path fast = Files.writeString(dir.resolve("fast.conf"), "tactics = [ { tactic = \"refl\", logprob = -1.0, scope = core }\n"
                + "  { tactic = \"trivial\", logprob = -1.5, scope = core } ]\n");
        assertEquals(0, Main.run("prove", file.toString(), "--out", out.toString(), "--resume", "--workers", "1",
                "--set", "search.automation-tactics=" + fast));
        List<ProofResult> after = ProofResults.read(out);
        assertEquals(3, after.size(), after.toString());
        assertEquals(Set.of("slow_one", "not_started"), after.subList(1, 3).stream().map(ProofResult::name).collect(Collectors.toSet()));
        for (ProofResult r : after.subList(1, 3)) assertEquals(ProofResult.PROVED, r.status(), r.toString());
        assertFalse(after.get(0).status().equals(ProofResult.PROVED), "the cancelled line stays as written");
    }
}
