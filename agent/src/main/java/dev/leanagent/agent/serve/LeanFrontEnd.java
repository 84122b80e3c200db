package dev.leanagent.agent.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lean 3 front-end file ({@code lean_agent.lean}) that the server hands out and {@code serve --write-lean} writes. */
public final class LeanFrontEnd {

    private static final String RESOURCE = "lean_agent.lean";

    private LeanFrontEnd() {
    }

    public static String text() {
        try (InputStream in = LeanFrontEnd.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
