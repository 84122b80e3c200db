package dev.leanagent.agent.prove;

import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProofVerifierTest {

    @Test
    void aProofGoesOnALineOfItsOwnInPlaceOfSorry() {
        LeanFile f = LeanFileReader.parse("theorem t : 2 + 2 = 4 := sorry\n\ntheorem u : true :=\nbegin\n  sorry\nend\n",
                Path.of("x.lean"));
        var t = f.find("t").orElseThrow();
        var u = f.find("u").orElseThrow();
        String text = f.withProofs(Map.of(t, ProofVerifier.placed(f, t, List.of("norm_num", "refl")),
                u, ProofVerifier.placed(f, u, List.of("trivial"))));
        assertEquals("theorem t : 2 + 2 = 4 := \nbegin\n  norm_num,\n  refl\nend\n\ntheorem u : true :=\nbegin\n  trivial\nend\n",
                text);
    }
}
