package dev.leanagent.agent;

import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model run over a cluster of child JVMs: a lean node's searches ask three {@code model} nodes
 * (the tiny InternLM2 checkpoint with the real tokenizer); one is SIGKILLed and one stopped with
 * SIGTERM, each while it holds a request.
 */
class ClusterModelTest {

    /** One search at a time, one tactic in flight, seed 7: the same requests in the same order as the local run. */
    private static final List<String> SEARCH = List.of("--generator", "model", "--seed", "7", "--num", "4",
            "--max-tokens", "12", "--expansions", "3", "--parallel-tactics", "1", "--concurrency", "1");

    @Test
    void aLeanNodesSearchesAskTheModelNodesAndNoRequestIsLostToANodeKilledOrStopped(@TempDir Path dir) throws Exception {
        LeanTests.toolchainOrSkip("cluster tests");
        Path model = TinyCheckpoints.internlm2(dir.resolve("tiny"), SafetensorsWriter.Type.BF16);
        TinyCheckpoints.addTokenizer(model, "ClusterModelTest");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 8; i++) text.append("theorem t").append(i).append(" (n : ℕ) : n + ").append(i)
                .append(" = ").append(i).append(" + n := sorry\n");
        Path file = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("eight.lean"), text);

        Path local = dir.resolve("local.jsonl");
        List<String> localRun = new ArrayList<>(List.of("prove", file.toString(), "--out", local.toString(),
                "--workers", "1", "--model", model.toString(), "--device", "cpu"));
        localRun.addAll(SEARCH);
        assertEquals(0, Main.run(localRun.toArray(String[]::new)));

        Path keys = ClusterProcesses.keyStore(dir.resolve("cluster.p12"), "lean-agent-test-cluster");
        Path out = dir.resolve("cluster.jsonl");
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            int seed = ClusterProcesses.freePort();
            int killedPort = ClusterProcesses.freePort();
            int stoppedPort = ClusterProcesses.freePort();
            List<String> tiny = List.of("--model", model.toString(), "--device", "cpu");
            ClusterProcesses.Child a = cluster.start("model-a", node("model", seed, seed, keys, tiny));
            cluster.awaitUp(a); // the seed first: the others then join at once instead of retrying while it loads
            // b and c hold every request they get (their service waits 10 min for company) until b is
            // SIGKILLed and c is stopped with SIGTERM: each surely holds one then.
            List<String> holding = new ArrayList<>(tiny);
            holding.addAll(List.of("--set", "model-service.max-wait=10m"));
            ClusterProcesses.Child b = cluster.start("model-b", node("model", seed, killedPort, keys, holding));
            ClusterProcesses.Child c = cluster.start("model-c", node("model", seed, stoppedPort, keys, holding));
            ClusterProcesses.Child lean = cluster.start("lean", node("lean", seed, ClusterProcesses.freePort(), keys,
                    List.of("--workers", "1", "--concurrency", "1")));
            cluster.awaitUp(b, c, lean);
            List<String> prove = new ArrayList<>(List.of("prove", file.toString(), "--cluster", "127.0.0.1:" + seed,
                    "--out", out.toString()));
            prove.addAll(SEARCH);
            prove.addAll(ClusterProcesses.FAST_CLUSTER);
            ClusterProcesses.Child coordinator = cluster.start("coordinator", ClusterProcesses.withKeys(keys, prove));
            // One search at a time: whichever of b and c gets a request first holds the run until it is
            // handled, so each is handled as soon as it holds one, b with SIGKILL and c with SIGTERM.
            java.util.function.Predicate<String> got = l -> l.contains("model requests from");
            awaitOrExplain(cluster, coordinator, () -> b.printed(got) || c.printed(got), "b or c got a request");
            if (b.printed(got)) {
                b.process().destroyForcibly(); // SIGKILL
                awaitOrExplain(cluster, coordinator, () -> c.printed(got), "c got a request");
                c.process().toHandle().destroy(); // SIGTERM: c leaves, giving back what it holds
            } else {
                c.process().toHandle().destroy();
                awaitOrExplain(cluster, coordinator, () -> b.printed(got), "b got a request");
                b.process().destroyForcibly();
            }
            assertTrue(coordinator.process().waitFor(400, TimeUnit.SECONDS), cluster.logs());
            assertEquals(0, coordinator.process().exitValue(), cluster.logs());
            assertTrue(lean.printed(l -> l.contains("@127.0.0.1:" + killedPort) && l.contains("requests sent again: 1")),
                    "the request held by the killed node went to another\n" + cluster.logs());
            // c gives its request back in one of two ways, whichever reaches the lean node first: its
            // answer marked retry ("is stopping"), or its deregistration ("left; requests sent again").
            assertTrue(lean.printed(l -> l.contains("@127.0.0.1:" + stoppedPort)
                            && (l.contains(" is stopping: ") || l.contains(" left; requests sent again: 1"))),
                    "the stopped node's request went to another at once\n" + cluster.logs());
            assertTrue(c.process().waitFor(60, TimeUnit.SECONDS), "c ended on SIGTERM\n" + cluster.logs());
            assertEquals(0, c.process().exitValue(), cluster.logs());
        }
        List<ProofResult> expected = ProofResults.read(local);
        List<ProofResult> lines = ProofResults.read(out);
        assertEquals(8, lines.size(), "one line per theorem: " + lines);
        for (ProofResult r : lines) {
            assertNotEquals(ProofResult.ERROR, r.status(), r.toString());
            ProofResult l = expected.stream().filter(e -> e.name().equals(r.name())).findFirst().orElseThrow();
            assertEquals(l.model(), r.model(), "the model nodes' model is named");
            assertEquals(l.seed(), r.seed());
            // The reason names what the model proposed ("parse_error 1", "no tactic was proposed"): same answers.
            assertEquals(l.status() + " " + l.expansions() + " " + l.proof() + " " + l.reason(), r.status() + " "
                    + r.expansions() + " " + r.proof() + " " + r.reason(), "the same search as the local run: " + r.name());
        }
    }

    @Test
    void aModelRoleWithoutACheckpointIsAUsageError() {
        ModelCommandsTest.Captured node = ModelCommandsTest.run("node", "--role", "model", "--seed", "127.0.0.1:2552");
        assertEquals(2, node.status());
        assertTrue(node.err().contains("--role model needs --model DIR"), node.err());
        ModelCommandsTest.Captured prove = ModelCommandsTest.run("prove", "../examples/core.lean", "--cluster",
                "127.0.0.1:2552", "--generator", "model", "--model", "/nowhere");
        assertEquals(2, prove.status());
        assertTrue(prove.err().contains("the model nodes load the model"), prove.err());
    }

    /** Awaits {@code condition}; on a timeout or the coordinator's end, fails with the logs and the coordinator's threads. */
    private static void awaitOrExplain(ClusterProcesses cluster, ClusterProcesses.Child coordinator,
                                       java.util.function.BooleanSupplier condition, String what) throws Exception {
        try {
            CancellationTest.await(() -> condition.getAsBoolean() || !coordinator.process().isAlive(), what, 300);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs() + "\n" + ClusterProcesses.threads(coordinator), e);
        }
        assertTrue(coordinator.process().isAlive(), "the coordinator ended early\n" + cluster.logs());
    }

    private static List<String> node(String role, int seed, int port, Path keys, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("node", "--role", role, "--seed", "127.0.0.1:" + seed,
                "--port", String.valueOf(port)));
        args.addAll(extra);
        args.addAll(ClusterProcesses.FAST_CLUSTER);
        return ClusterProcesses.withKeys(keys, args);
    }
}
