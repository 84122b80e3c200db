package dev.leanagent.model.transformer;

import java.util.List;

/**
 * One forward step's input for B rows of T tokens: ids, rotary positions, and which entries are
 * real (shorter prompts are padded on the left, so every row's newest token is in the last
 * column and decode steps append in lockstep).
 */
public record TokenBatch(int rows, int tokens, long[] ids, long[] positions, boolean[] valid) {

    public TokenBatch {
        int n = rows * tokens;
        if (ids.length != n || positions.length != n || valid.length != n) {
            throw new IllegalArgumentException("token batch arrays must hold rows*tokens = " + n + " entries");
        }
    }

    /** Each row's sequence length once this step has run: its last real position plus one. */
    public long[] rowLengths() {
        long[] lengths = new long[rows];
        for (int i = 0; i < ids.length; i++) {
            if (valid[i]) {
                lengths[i / tokens] = Math.max(lengths[i / tokens], positions[i] + 1);
            }
        }
        return lengths;
    }

    /** Prompts of different lengths, left-padded with {@code pad}; positions count real tokens only. */
    public static TokenBatch leftPadded(List<int[]> prompts, int pad) {
        int rows = prompts.size();
        int tokens = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        long[] ids = new long[rows * tokens];
        long[] positions = new long[rows * tokens];
        boolean[] valid = new boolean[rows * tokens];
        for (int r = 0; r < rows; r++) {
            int[] p = prompts.get(r);
            if (p.length == 0) {
                throw new IllegalArgumentException("an empty prompt has nothing to condition on");
            }
            int offset = tokens - p.length;
            for (int t = 0; t < tokens; t++) {
                int i = r * tokens + t;
                if (t < offset) {
                    ids[i] = pad;
                } else {
                    ids[i] = p[t - offset];
                    positions[i] = t - offset;
                    valid[i] = true;
                }
            }
        }
        return new TokenBatch(rows, tokens, ids, positions, valid);
    }

    /** One new token per row at the given positions. */
    public static TokenBatch step(long[] ids, long[] positions) {
        boolean[] valid = new boolean[ids.length];
        java.util.Arrays.fill(valid, true);
        return new TokenBatch(ids.length, 1, ids.clone(), positions.clone(), valid);
    }
}
