package dev.leanagent.agent;

import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clusters of child JVMs on loopback: two {@code lean} nodes and a {@code prove --cluster}
 * coordinator, each its own process, talking TLS with a key store made for the test.
 */
class ClusterRunTest {
    // The waits below are upper bounds for a machine loaded by parallel builds (JVM start-ups and TLS
    // handshakes then take minutes); each is a condition awaited, so a quiet machine never waits them out.

    private static final Path EXAMPLES = Path.of("..", "examples", "core.lean");

    @Test
    void twoLeanNodesFindTheSameProofsAsALocalRun(@TempDir Path dir) throws Exception {
        LeanTests.toolchainOrSkip("cluster tests");
        Path keys = ClusterProcesses.keyStore(dir.resolve("cluster.p12"), "lean-agent-test-cluster");
        Path local = dir.resolve("local.jsonl");
        assertEquals(0, Main.run("prove", EXAMPLES.toString(), "--out", local.toString(), "--workers", "1"));

        Path out = dir.resolve("cluster.jsonl");
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            int seed = ClusterProcesses.freePort();
            ClusterProcesses.Child a = cluster.start("lean-a", ClusterProcesses.leanNode(seed, seed, keys));
            ClusterProcesses.Child b = cluster.start("lean-b", ClusterProcesses.leanNode(seed, ClusterProcesses.freePort(), keys));
            cluster.awaitUp(a, b);
            List<String> prove = new ArrayList<>(List.of("prove", EXAMPLES.toString(), "--cluster", "127.0.0.1:" + seed,
                    "--out", out.toString()));
            prove.addAll(ClusterProcesses.FAST_CLUSTER);
            ClusterProcesses.Child coordinator = cluster.start("coordinator", ClusterProcesses.withKeys(keys, prove));
            assertTrue(coordinator.process().waitFor(400, TimeUnit.SECONDS), cluster.logs());
            assertEquals(0, coordinator.process().exitValue(), cluster.logs());
            Set<String> nodes = coordinator.err().stream().filter(l -> l.startsWith("lean-agent: cluster: "))
                    .map(l -> l.substring(l.lastIndexOf('@') + 1)).collect(Collectors.toSet());
            assertEquals(2, nodes.size(), "both nodes got work: " + cluster.logs());
        }
        assertEquals(proofs(ProofResults.read(local)), proofs(ProofResults.read(out)));
        assertEquals(3, ProofResults.read(out).size());
    }

    @Test
    void aLeanNodeKilledMidRunLosesNoAttemptAndNoneIsWrittenTwice(@TempDir Path dir) throws Exception {
        LeanTests.toolchainOrSkip("cluster tests");
        Path keys = ClusterProcesses.keyStore(dir.resolve("cluster.p12"), "lean-agent-test-cluster");
        // Each attempt first spends 4 s in a tactic that changes nothing, then `refl` proves it: a node
        // is surely in the middle of one when it is killed.
        Path tactics = Files.writeString(dir.resolve("slow.conf"), "tactics = [\n"
                + "  { tactic = \"iterate 1000000000 {skip}\", logprob = -0.1, scope = core, limit = 4s }\n"
                + "  { tactic = \"refl\", logprob = -1.0, scope = core } ]\n");
        Path file = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("four.lean"), "theorem t1 : (1 : ℕ) = 1 := sorry\n"
                + "theorem t2 : (2 : ℕ) = 2 := sorry\ntheorem t3 : (3 : ℕ) = 3 := sorry\ntheorem t4 : (4 : ℕ) = 4 := sorry\n");
        Path out = dir.resolve("cluster.jsonl");
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            int seed = ClusterProcesses.freePort();
            int victimPort = ClusterProcesses.freePort();
            ClusterProcesses.Child a = cluster.start("lean-a", ClusterProcesses.leanNode(seed, seed, keys));
            ClusterProcesses.Child b = cluster.start("lean-b", ClusterProcesses.leanNode(seed, victimPort, keys));
            cluster.awaitUp(a, b);
            List<String> prove = new ArrayList<>(List.of("prove", file.toString(), "--cluster", "127.0.0.1:" + seed,
                    "--out", out.toString(), "--set", "search.automation-tactics=" + tactics));
            prove.addAll(ClusterProcesses.FAST_CLUSTER);
            ClusterProcesses.Child coordinator = cluster.start("coordinator", ClusterProcesses.withKeys(keys, prove));
            String victim = "@127.0.0.1:" + victimPort;
            CancellationTest.await(() -> coordinator.printed(l -> l.startsWith("lean-agent: cluster: ") && l.endsWith(victim)),
                    "an attempt handed to node b\n" + cluster.logs(), 300);
            // Killed while its Lean is inside the 4 s tactic: the attempt has no result yet.
            CancellationTest.await(() -> b.process().descendants().findAny().isPresent(), "b's Lean", 30);
            b.process().descendants().forEach(ProcessHandle::destroyForcibly);
            b.process().destroyForcibly(); // SIGKILL
            assertTrue(coordinator.process().waitFor(400, TimeUnit.SECONDS), cluster.logs());
            assertEquals(0, coordinator.process().exitValue(), cluster.logs());
            assertTrue(coordinator.printed(l -> l.contains("lost; back in the queue: [t")), cluster.logs());
        }
        List<ProofResult> lines = ProofResults.read(out);
        assertEquals(List.of("t1", "t2", "t3", "t4"), lines.stream().map(ProofResult::name).sorted().toList(),
                "one line per theorem: " + lines);
        for (ProofResult r : lines) assertEquals(ProofResult.PROVED, r.status(), r.toString());
    }

    @Test
    void aCoordinatorKilledMidRunLeavesEveryFinishedAttemptAndResumeRunsTheRest(@TempDir Path dir) throws Exception {
        LeanTests.toolchainOrSkip("cluster tests");
        Path keys = ClusterProcesses.keyStore(dir.resolve("cluster.p12"), "lean-agent-test-cluster");
        Path tactics = Files.writeString(dir.resolve("slow.conf"), "tactics = [\n"
                + "  { tactic = \"iterate 1000000000 {skip}\", logprob = -0.1, scope = core, limit = 3s }\n"
                + "  { tactic = \"refl\", logprob = -1.0, scope = core } ]\n");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 5; i++) text.append("theorem t").append(i).append(" : (").append(i).append(" : ℕ) = ").append(i).append(" := sorry\n");
        Path file = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("five.lean"), text);
        Path out = dir.resolve("cluster.jsonl");
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            int seed = ClusterProcesses.freePort();
            ClusterProcesses.Child a = cluster.start("lean-a", ClusterProcesses.leanNode(seed, seed, keys));
            ClusterProcesses.Child b = cluster.start("lean-b", ClusterProcesses.leanNode(seed, ClusterProcesses.freePort(), keys));
            cluster.awaitUp(a, b);
            List<String> prove = new ArrayList<>(List.of("prove", file.toString(), "--cluster", "127.0.0.1:" + seed,
                    "--out", out.toString(), "--set", "search.automation-tactics=" + tactics));
            prove.addAll(ClusterProcesses.FAST_CLUSTER);
            ClusterProcesses.Child first = cluster.start("coordinator", ClusterProcesses.withKeys(keys, prove));
            CancellationTest.await(() -> first.printed(l -> l.startsWith("[1/5]")), "a first result\n" + cluster.logs(), 300);
            first.process().destroyForcibly(); // SIGKILL
            assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
            List<ProofResult> written = ProofResults.read(out);
            assertTrue(written.size() >= 1 && written.size() < 5, "killed mid-run: " + written);

            prove.add("--resume");
            ClusterProcesses.Child second = cluster.start("coordinator-resumed", ClusterProcesses.withKeys(keys, prove));
            assertTrue(second.process().waitFor(400, TimeUnit.SECONDS), cluster.logs());
            assertEquals(0, second.process().exitValue(), cluster.logs());
            List<ProofResult> lines = ProofResults.read(out);
            assertEquals(written, lines.subList(0, written.size()), "the lines written before the kill stay");
            assertEquals(List.of("t1", "t2", "t3", "t4", "t5"), lines.stream().map(ProofResult::name).sorted().toList(),
                    "one line per theorem: " + lines);
            for (ProofResult r : lines) assertEquals(ProofResult.PROVED, r.status(), r.toString());
        }
    }

    @Test
    void aNodeWithAnotherKeyIsRefused(@TempDir Path dir) throws Exception {
        LeanTests.toolchainOrSkip("cluster tests"); // a lean node finds its Lean before it joins
        Path keys = ClusterProcesses.keyStore(dir.resolve("cluster.p12"), "lean-agent-test-cluster");
        Path strangerKeys = ClusterProcesses.keyStore(dir.resolve("stranger.p12"), "lean-agent-test-cluster");
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            int seed = ClusterProcesses.freePort();
            ClusterProcesses.Child a = cluster.start("lean-a", ClusterProcesses.leanNode(seed, seed, keys));
            cluster.awaitUp(a);
            ClusterProcesses.Child stranger = cluster.start("stranger", ClusterProcesses.leanNode(seed, ClusterProcesses.freePort(), strangerKeys));
            // The TLS handshake fails on both ends: the seed does not trust the stranger's certificate.
            CancellationTest.await(() -> a.printed(l -> l.contains("SSLHandshakeException"))
                    || stranger.printed(l -> l.contains("SSLHandshakeException")), "a refused handshake\n" + cluster.logs(), 240);
            // Its join attempts keep being refused while it retries: it never becomes a member.
            CancellationTest.await(() -> stranger.err().stream().filter(l -> l.contains("SSLHandshakeException")).count() >= 2
                    || a.err().stream().filter(l -> l.contains("SSLHandshakeException")).count() >= 2,
                    "a second refused handshake\n" + cluster.logs(), 240);
            assertFalse(stranger.printed(l -> l.contains(" is up ")), cluster.logs());
            assertTrue(stranger.process().isAlive(), "still trying: " + cluster.logs());
        }
    }

    /** Each theorem's status and proof. */
    private static Map<String, String> proofs(List<ProofResult> results) {
        return results.stream().collect(Collectors.toMap(ProofResult::name, r -> r.status() + " " + r.proof()));
    }
}
