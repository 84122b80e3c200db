package dev.leanagent.bridge.toolchain.install;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds small archives in memory, shaped like what set-up fetches: GitHub's source tarballs,
 * mathlib's olean cache, and a Lean release archive. Files under a {@code bin/} are executable.
 */
public final class TestArchives {

    private TestArchives() {
    }

    public static byte[] tarGz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
            tar(files, gz);
        }
        return bytes.toByteArray();
    }

    public static byte[] tarXz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream xz = new XZCompressorOutputStream(bytes)) {
            tar(files, xz);
        }
        return bytes.toByteArray();
    }

    /**
     * A Lean release archive ({@code lean-VERSION-linux/} at the top) whose {@code bin/lean} is a
     * shell script answering {@code --version} and {@code --path} as Lean 3 does: enough for the
     * toolchain locator, which is what set-up checks an installed Lean with.
     */
    public static byte[] fakeLeanRelease(String version) throws IOException {
        String top = "lean-" + version + "-linux/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(top + "bin/lean", """
                #!/bin/sh
                home=$(cd "$(dirname "$0")/.." && pwd)
                case "$1" in
                  --version) echo "Lean (version %s, commit 0000000000, Release)" ;;
                  --path) echo "{\\"is_user_leanpkg_path\\":false,\\"leanpkg_path_file\\":\\"\\",\\"path\\":[\\"$home/lib/lean/library\\"]}" ;;
                  *) echo "fake lean: $*"; exit 1 ;;
                esac
                """.formatted(version));
        files.put(top + "lib/lean/library/init/core.lean", "prelude\n");
        return tarGz(files);
    }

    private static void tar(Map<String, String> files, OutputStream compressed) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Map.Entry<String, String> f : files.entrySet()) {
            byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(f.getKey());
            e.setSize(content.length);
            if (f.getKey().contains("/bin/")) e.setMode(0100755);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }
}
