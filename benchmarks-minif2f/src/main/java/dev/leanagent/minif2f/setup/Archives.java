package dev.leanagent.minif2f.setup;

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
 * Unpacks the archives set-up downloads: GitHub's source tarballs (one top directory, stripped)
 * and mathlib's olean cache. Entries that would land outside the destination are refused, since
 * the archives come over the network.
 */
public final class Archives {

    private Archives() {
    }

    /** Extracts a {@code .tar.gz} or {@code .tar.xz} (by name) into {@code dest}; returns the files written. */
    public static int extract(Path archive, Path dest, int stripComponents, Predicate<String> keep) throws IOException {
        String name = archive.getFileName().toString();
        Files.createDirectories(dest);
        Path root = dest.toAbsolutePath().normalize();
        int written = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream unzipped = name.endsWith(".xz") ? new XZCompressorInputStream(raw) : new GzipCompressorInputStream(raw);
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
