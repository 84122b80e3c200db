package dev.leanagent.agent;

import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.search.ProofResult;
import dev.leanagent.search.ProofResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A prove run with the model makes one actor system: the pools, the model service and the searches share it. */
class OneActorSystemTest {

    /** Every Pekko actor system runs a scheduler thread named after it. */
    private static final Pattern SCHEDULER = Pattern.compile("(.+)-scheduler-\\d+");

    private static Set<String> systems() {
        return Thread.getAllStackTraces().keySet().stream().map(t -> SCHEDULER.matcher(t.getName()))
                .filter(Matcher::matches).map(m -> m.group(1)).collect(Collectors.toSet());
    }

    @Test
    void proveWithTheModelRunsInOneActorSystem(@TempDir Path dir) throws Exception {
        LeanTests.toolchainOrSkip("actor system tests");
        Path model = TinyCheckpoints.internlm2(dir.resolve("tiny"), SafetensorsWriter.Type.F32);
        TinyCheckpoints.addTokenizer(model, "OneActorSystemTest");
        Path file = Files.writeString(dir.resolve("t.lean"), "theorem t (n : ℕ) : n + 0 = n := sorry\n");
        Path out = dir.resolve("r.jsonl");

        Set<String> before = systems();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                seen.addAll(systems());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        int status;
        try {
            status = Main.run("prove", file.toString(), "--out", out.toString(), "--generator", "model",
                    "--model", model.toString(), "--device", "cpu", "--num", "2", "--max-tokens", "8",
                    "--expansions", "2", "--workers", "1");
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertEquals(0, status);
        List<ProofResult> results = ProofResults.read(out);
        assertEquals("model", results.get(0).generator(), "the model service took part: " + results);
        seen.removeAll(before);
        assertEquals(Set.of("lean-agent"), seen, "the actor systems that ran during the prove run");
    }
}
