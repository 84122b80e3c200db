package dev.leanagent.bridge.file;

import java.util.Arrays;

/** Maps character offsets to 1-based lines without rescanning the text for every declaration. */
public final class LineIndex {

    private final int[] lineStarts;

    public LineIndex(String text) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
                starts[count++] = i + 1;
            }
        }
        lineStarts = Arrays.copyOf(starts, count);
    }

    /** 1-based line of a character offset. */
    public int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** 0-based column of a character offset. */
    public int columnOf(int offset) {
        return offset - lineStarts[lineOf(offset) - 1];
    }

    /** The offset of a 1-based line and 0-based column (as Lean reports positions), kept inside the text's lines. */
    public int offsetOf(int line, int column) {
        int l = Math.max(1, Math.min(line, lineStarts.length));
        return lineStarts[l - 1] + Math.max(0, column);
    }

    /** True when only spaces or tabs stand between the start of the line and {@code offset}. */
    static boolean startsLine(String text, int offset) {
        for (int i = offset - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n') return true;
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }
}
