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
 * A model run over a cluster of child JVMs: a lean node's searches ask two {@code model} nodes
 * (the tiny InternLM2 checkpoint with the real tokenizer), one of which is SIGKILLed mid-run.
 */
class ClusterModelTest {

    /** One search at a time, one tactic in flight, seed 7: the same requests in the same order as the local run. */
    private static final List<String> SEARCH = List.of("--generator", "model", "--seed", "7", "--num", "4",
            "--max-tokens", "12", "--expansions", "3", "--parallel-tactics", "1", "--concurrency", "1");

    @Test
    void aLeanNodesSearchesAskTheModelNodesAndOneKilledMidRunLosesNoRequest(@TempDir Path dir) throws Exception {
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
            int victimPort = ClusterProcesses.freePort();
            // Each request waits 1 s on its model node for company: the run is still asking when one node dies.
            List<String> slowModel = List.of("--model", model.toString(), "--device", "cpu",
                    "--set", "model-service.max-wait=1s");
            ClusterProcesses.Child a = cluster.start("model-a", node("model", seed, seed, keys, slowModel));
            ClusterProcesses.Child b = cluster.start("model-b", node("model", seed, victimPort, keys, slowModel));
            ClusterProcesses.Child lean = cluster.start("lean", node("lean", seed, ClusterProcesses.freePort(), keys,
                    List.of("--workers", "1", "--concurrency", "1")));
            cluster.awaitUp(a, b, lean);
            List<String> prove = new ArrayList<>(List.of("prove", file.toString(), "--cluster", "127.0.0.1:" + seed,
                    "--out", out.toString()));
            prove.addAll(SEARCH);
            prove.addAll(ClusterProcesses.FAST_CLUSTER);
            prove.addAll(ClusterProcesses.keys(keys));
            ClusterProcesses.Child coordinator = cluster.start("coordinator", prove);
            CancellationTest.await(() -> b.printed(l -> l.contains("model requests from")),
                    "model node b served a request\n" + cluster.logs(), 300);
            b.process().destroyForcibly(); // SIGKILL
            assertTrue(coordinator.process().waitFor(400, TimeUnit.SECONDS), cluster.logs());
            assertEquals(0, coordinator.process().exitValue(), cluster.logs());
            assertTrue(lean.printed(l -> l.contains("@127.0.0.1:" + victimPort) && l.contains("requests sent again: ")),
                    "a request in flight at the killed node went to the other\n" + cluster.logs());
            assertTrue(a.printed(l -> l.contains("model requests from")), cluster.logs());
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

    private static List<String> node(String role, int seed, int port, Path keys, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("node", "--role", role, "--seed", "127.0.0.1:" + seed,
                "--port", String.valueOf(port)));
        args.addAll(extra);
        args.addAll(ClusterProcesses.FAST_CLUSTER);
        return ClusterProcesses.withKeys(keys, args);
    }
}
