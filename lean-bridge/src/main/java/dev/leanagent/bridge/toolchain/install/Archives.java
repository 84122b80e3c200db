package dev.leanagent.bridge.toolchain.install;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;

/**
 * Unpacks the archives set-up fetches: GitHub's source tarballs and Lean's release archives (one
 * top directory, stripped) and mathlib's olean cache. Entries that would land outside the
 * destination are refused, since the archives come over the network.
 */
public final class Archives {

    private Archives() {
    }

    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

    /**
     * Extracts a {@code .tar.gz} or {@code .tar.xz} into {@code dest}; returns the files written.
     * The compression is told by the file's first bytes, not its name: a mirror or a download may
     * name it anything.
     */
    public static int extract(Path archive, Path dest, int stripComponents, Predicate<String> keep) throws IOException {
        boolean xz = isXz(archive);
        Files.createDirectories(dest);
        Path root = dest.toAbsolutePath().normalize();
        int written = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream unzipped = xz ? new XZCompressorInputStream(raw) : new GzipCompressorInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(unzipped)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = strip(e.getName(), stripComponents);
                if (path.isEmpty() || !(e.isDirectory() || e.isFile()) || !keep.test(path)) continue;
                Path target = root.resolve(path).normalize();
                if (!target.startsWith(root)) throw new IOException(archive + ": entry " + e.getName() + " points outside " + dest);
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                if ((e.getMode() & 0100) != 0) target.toFile().setExecutable(true);
                written++;
            }
        }
        return written;
    }

    private static boolean isXz(Path archive) throws IOException {
        byte[] head = new byte[XZ_MAGIC.length];
        try (InputStream in = Files.newInputStream(archive)) {
            return in.readNBytes(head, 0, head.length) == head.length && java.util.Arrays.equals(head, XZ_MAGIC);
        }
    }

    static String strip(String entry, int components) {
        String p = entry.startsWith("./") ? entry.substring(2) : entry;
        for (int i = 0; i < components; i++) {
            int slash = p.indexOf('/');
            if (slash < 0) return "";
            p = p.substring(slash + 1);
        }
        return p;
    }
}
