package dev.leanagent.bridge.toolchain.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloaderTest {

    @Test
    void aSettingIsAUrlWhenItHasASchemeAndOtherwiseAPath() {
        assertEquals(URI.create("https://example.org/a.tar.gz"), Downloader.address("https://example.org/a.tar.gz"));
        assertEquals(URI.create("file:///srv/mirror/a.tar.gz"), Downloader.address("file:///srv/mirror/a.tar.gz"));
        assertEquals(Path.of("/srv/mirror/a.tar.gz").toUri(), Downloader.address("/srv/mirror/a.tar.gz"));
        assertEquals(Path.of("rel/a.tar.gz").toAbsolutePath().toUri(), Downloader.address("rel/a.tar.gz"));
        assertEquals(Optional.of(Path.of("/srv/a.tar.gz")), Downloader.localFile(URI.create("file:/srv/a.tar.gz")));
        assertEquals(Optional.of(Path.of("../m/a.tar.gz")), Downloader.localFile(URI.create("file:../m/a.tar.gz")));
        assertEquals(Optional.empty(), Downloader.localFile(URI.create("https://example.org/a")));
    }

    @Test
    void aLocalFileIsUsedWhereItLiesAndNeverReleased(@TempDir Path dir) throws IOException {
        Path mirror = Files.writeString(dir.resolve("a.tar.gz"), "bytes");
        Downloader d = new Downloader(new PrintStream(new ByteArrayOutputStream()));
        Downloader.Fetched f = d.obtain(mirror.toUri(), dir.resolve("downloads/a.tar.gz"));
        assertEquals(mirror, f.file());
        assertFalse(f.downloaded());
        f.release();
        assertTrue(Files.isRegularFile(mirror));
        assertFalse(Files.exists(dir.resolve("downloads")));

        DownloadException e = assertThrows(DownloadException.class,
                () -> d.obtain(dir.resolve("gone.tar.gz").toUri(), dir.resolve("downloads/gone.tar.gz")));
        assertEquals(DownloadException.Kind.NOT_FOUND, e.kind());
    }
}
