package dev.leanagent.minif2f;

import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * miniF2F's problems stand alone: none may use another. {@code valid.lean} and {@code test.lean}
 * carry proofs written in for some of them (84 and 83), which a prover would otherwise get as
 * context and the check would compile for every proof (2.5 min each). With every proof made
 * {@code sorry}, the search starts from the header and the check compiles the header plus the one
 * theorem (the file's {@code sorry} declarations are left out of both).
 */
public final class StandaloneTheorems {

    private StandaloneTheorems() {
    }

    public static LeanFile of(LeanFile file) {
        Map<Declaration, String> proofs = new LinkedHashMap<>();
        for (Declaration d : file.declarations()) {
            if (d.isTheorem() && d.proofStart() >= 0 && !d.proofIsSorry()) proofs.put(d, "sorry");
        }
        return proofs.isEmpty() ? file : LeanFileReader.parse(file.withProofs(proofs), file.path());
    }
}
