package dev.leanagent.minif2f.setup;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.leanagent.search.ProofResults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code workspace.json}, written by {@code bench minif2f setup} once everything is in place, so a
 * run needs only {@code --minif2f DIR}: where miniF2F is, what goes on Lean's path (relative to the
 * workspace, so it can be moved) and the Lean it was compiled with.
 */
public record WorkspaceManifest(String minif2f, List<String> leanPath, String leanHome, String leanVersion,
                                String mathlibCommit, String minif2fCommit, String prepared) {

    public static final String FILE = "workspace.json";

    public static Optional<WorkspaceManifest> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(ProofResults.json().readValue(f.toFile(), WorkspaceManifest.class));
        } catch (IOException e) {
            throw new IOException(f + " is not a workspace manifest (" + e.getMessage()
                    + "); run `lean-agent bench minif2f setup --dir " + dir + "` again", e);
        }
    }

    public void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), ProofResults.json().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
    }

    public Path minif2fDir(Path dir) {
        return dir.resolve(minif2f).normalize();
    }

    public List<Path> leanPathDirs(Path dir) {
        return leanPath.stream().map(p -> dir.resolve(p).toAbsolutePath().normalize()).toList();
    }
}
