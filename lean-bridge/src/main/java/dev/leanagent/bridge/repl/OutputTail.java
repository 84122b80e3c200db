package dev.leanagent.bridge.repl;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a process printed outside the protocol, for error messages. */
final class OutputTail {

    private final int max;
    private final Deque<String> lines = new ArrayDeque<>();

    OutputTail(int max) {
        this.max = max;
    }

    synchronized void add(String line) {
        if (lines.size() == max) lines.removeFirst();
        lines.addLast(line);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }
}
