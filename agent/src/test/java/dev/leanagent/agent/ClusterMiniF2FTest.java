package dev.leanagent.agent;

import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.minif2f.setup.WorkspaceManifest;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench minif2f --cluster}: a coordinator (child JVM) and two {@code lean} nodes over a
 * miniF2F-shaped workspace on core Lean write the results a local run writes.
 */
class ClusterMiniF2FTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "minif2f-fixture");

    @Test
    void aClusterRunWritesTheLinesOfALocalRunWithItsReport(@TempDir Path dir) throws Exception {
        LeanToolchain lean = LeanTests.toolchainOrSkip("cluster tests");
        Path ws = workspace(dir.resolve("ws"), lean);
        Path keys = ClusterProcesses.keyStore(dir.resolve("cluster.p12"), "lean-agent-test-cluster");
        // Three theorems (two provable, the lemma 2 + 2 = 5 not), pass@2: six attempts.
        List<String> bench = List.of("bench", "minif2f", "--split", "valid", "--minif2f", ws.toString(), "--limit", "3",
                "--attempts", "2", "--expansions", "20");
        Path local = dir.resolve("local");
        List<String> localRun = new ArrayList<>(bench);
        localRun.addAll(List.of("--out", local.toString(), "--workers", "1"));
        assertEquals(0, Main.run(localRun.toArray(String[]::new)));

        Path out = dir.resolve("cluster");
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            int seed = ClusterProcesses.freePort();
            // The nodes find the workspace's import (and its Lean) through --minif2f alone.
            ClusterProcesses.Child a = cluster.start("lean-a", ClusterProcesses.leanNode(seed, seed, keys,
                    "--minif2f", ws.toString()));
            ClusterProcesses.Child b = cluster.start("lean-b", ClusterProcesses.leanNode(seed, ClusterProcesses.freePort(),
                    keys, "--minif2f", ws.toString()));
            cluster.awaitUp(a, b);
            List<String> coordinatorRun = new ArrayList<>(bench);
            coordinatorRun.addAll(List.of("--out", out.toString(), "--cluster", "127.0.0.1:" + seed));
            coordinatorRun.addAll(ClusterProcesses.FAST_CLUSTER);
            ClusterProcesses.Child coordinator = cluster.start("coordinator", ClusterProcesses.withKeys(keys, coordinatorRun));
            assertTrue(coordinator.process().waitFor(400, TimeUnit.SECONDS), cluster.logs());
            assertEquals(0, coordinator.process().exitValue(), cluster.logs());

            List<ProofResult> lines = ProofResults.read(out.resolve("results.jsonl"));
            assertEquals(6, lines.size(), "one line per theorem and attempt: " + lines);
            Map<String, String> expected = attempts(ProofResults.read(local.resolve("results.jsonl")));
            assertEquals(expected, attempts(lines), cluster.logs());
            assertTrue(expected.get("mathd_algebra_1#1").startsWith("proved "), "the fixture proves: " + expected);

            assertTrue(Files.readString(out.resolve("report.md")).contains("pass@1"));
            String run = Files.readString(out.resolve("run.json"));
            assertTrue(run.contains("joined through the seed 127.0.0.1:" + seed), run);
            int counted = 0;
            Matcher m = Pattern.compile("\"node pekko://lean-agent@127\\.0\\.0\\.1:\\d+\":\"(\\d+) attempts\"").matcher(run);
            while (m.find()) counted += Integer.parseInt(m.group(1));
            assertEquals(6, counted, "run.json counts the attempts each node ran: " + run);
        }
    }

    @Test
    void whatACoordinatorOrANodeCannotServeIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        // The model is the model nodes' to load: a coordinator given a checkpoint says so.
        ModelCommandsTest.Captured model = ModelCommandsTest.run("bench", "minif2f", "--split", "valid", "--minif2f",
                FIXTURE.toString(), "--out", dir.resolve("run").toString(), "--generator", "model", "--model",
                dir.resolve("checkpoint").toString(), "--cluster", "127.0.0.1:1");
        assertEquals(2, model.status(), model.err());
        assertTrue(model.err().contains("the model nodes load the model"), model.err());
        assertTrue(!Files.exists(dir.resolve("run")), "nothing was written");

        // A hand-made workspace has no manifest to take Lean's path from: the node says to use --lean-path.
        ModelCommandsTest.Captured node = ModelCommandsTest.run("node", "--seed", "127.0.0.1:1", "--minif2f",
                FIXTURE.toString(), "--set", "cluster.plaintext=true");
        assertEquals(2, node.status(), node.err());
        assertTrue(node.err().contains("no workspace made by `bench minif2f setup` there") && node.err().contains("--lean-path"),
                node.err());
    }

    /**
     * The harness's fixture as a workspace made by {@code setup}, whose split imports a module
     * found only on the workspace's Lean path (a node without {@code --minif2f} cannot load it).
     */
    private static Path workspace(Path ws, LeanToolchain lean) throws Exception {
        Path src = Files.createDirectories(ws.resolve("miniF2F/lean/src"));
        try (var files = Files.list(FIXTURE.resolve("lean/src"))) {
            for (Path f : files.toList()) Files.copy(f, src.resolve(f.getFileName().toString()));
        }
        Files.writeString(src.resolve("valid.lean"), "import foo\n" + Files.readString(src.resolve("valid.lean")));
        Path lib = Files.createDirectories(ws.resolve("lib"));
        Files.writeString(lib.resolve("foo.lean"), "def foo_val : ℕ := 42\n");
        ProcessBuilder make = new ProcessBuilder(lean.lean().toString(), "--make", "foo.lean").directory(lib.toFile())
                .redirectErrorStream(true);
        make.environment().put("LEAN_PATH", lean.leanPath(List.of(lib)));
        Process p = make.start();
        String said = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), said);
        new WorkspaceManifest("miniF2F", List.of("lib"), lean.lean().getParent().getParent().toString(), lean.version(),
                "cb2b02f", "e4f1130", "now").write(ws);
        return ws;
    }

    /** Each attempt's file, status and proof, by theorem and attempt. */
    private static Map<String, String> attempts(List<ProofResult> results) {
        return results.stream().collect(Collectors.toMap(r -> r.name() + "#" + r.attempt(),
                r -> r.status() + " " + r.proof() + " in " + r.file()));
    }
}
