package dev.leanagent.bridge.toolchain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the Lean version an {@code .olean} file was written by: Lean 3 refuses to load files of
 * another version with a message that does not say which versions are involved, so we say it.
 */
public final class OleanVersions {

    private OleanVersions() {
    }

    /** The version in the header ({@code oleanfile 3.42.1, commit ...}), if the file has one. */
    public static Optional<String> versionOf(Path olean) throws IOException {
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(olean)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String s = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (!s.startsWith("oleanfile")) return Optional.empty();
        int i = "oleanfile".length();
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\0')) i++;
        int j = i;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) j++;
        return j > i ? Optional.of(s.substring(i, j)) : Optional.empty();
    }

    /**
     * The first {@code .olean} under {@code dir} (searched to a small depth) written by a version
     * other than {@code expected}, described for a user; empty when all match or none exist.
     */
    public static Optional<String> firstMismatch(Path dir, String expected) {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> files = Files.walk(dir, 4)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".olean"))::iterator) {
                Optional<String> v = versionOf(f);
                if (v.isPresent() && !v.get().equals(expected)) {
                    return Optional.of(f + " was compiled by Lean " + v.get() + ", but the toolchain in use is Lean "
                            + expected + ": rebuild it with this Lean, or point LEAN_HOME at Lean " + v.get());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
