package dev.leanagent.agent.prove;

import dev.leanagent.search.ProofResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    private static ProofResult result(String name, String status) {
        return new ProofResult("valid.lean", name, status, List.of(), null, 1, 1, 2.5, 0, 2.5, status.equals("proved"),
                "automation", null, null, null, null, 1);
    }

    @Test
    void aLogLineSaysHowTheRunIsGoing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 3, false);
        p.started();
        p.finished(result("a", "proved"));
        p.finished(result("b", "timeout"));
        p.finished(result("c", "proved"));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("[0/3] searching", lines.get(0), "a log shows when searching began");
        lines = lines.subList(1, lines.size());
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("[1/3] a proved (2.5 s); 1 proved so far, ") && lines.get(0).endsWith(" left"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("[2/3] b timeout (2.5 s); 1 proved so far, "), lines.get(1));
        assertTrue(lines.get(2).startsWith("[3/3] c proved (2.5 s); 2 proved so far, ") && !lines.get(2).contains("left"),
                "nothing is left after the last: " + lines.get(2));
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertEquals("42 s", Progress.duration(42.4));
        assertEquals("2 min 05 s", Progress.duration(125));
        assertEquals("1 h 01 min", Progress.duration(3700));
    }
}
