package dev.leanagent.model.generate;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Token ids that end a candidate: end of sequence, the chat end marker, and every token whose
 * text contains a newline (a tactic is one line).
 */
public final class StopTokens {
    private final BitSet ids = new BitSet();

    public StopTokens(int... ids) {
        for (int id : ids) {
            this.ids.set(id);
        }
    }

    public StopTokens with(int... more) {
        StopTokens s = new StopTokens();
        s.ids.or(ids);
        for (int id : more) {
            s.ids.set(id);
        }
        return s;
    }

    public boolean contains(int id) {
        return id >= 0 && ids.get(id);
    }

    public int count() {
        return ids.cardinality();
    }

    @Override
    public String toString() {
        return ids.cardinality() <= 8 ? Arrays.toString(ids.stream().toArray()) : ids.cardinality() + " ids";
    }
}
