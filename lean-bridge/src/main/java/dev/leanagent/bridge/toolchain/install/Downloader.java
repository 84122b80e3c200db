package dev.leanagent.bridge.toolchain.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches what set-up installs from: a URL, downloaded with a progress line every few seconds, or
 * a local file (a {@code file:} URL or a path: a mirror), used where it lies. A download appears
 * only when complete (written beside it, then moved), so an interrupted set-up never leaves a
 * truncated archive that looks finished.
 */
public final class Downloader {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20)).build();
    private final PrintStream progress;

    public Downloader(PrintStream progress) {
        this.progress = progress;
    }

    /** A fetched file; {@link #release} removes it when it was downloaded, and never a mirror's file. */
    public record Fetched(Path file, boolean downloaded) {
        public void release() throws IOException {
            if (downloaded) Files.deleteIfExists(file);
        }
    }

    /**
     * A setting or option naming a source: a URL with a scheme ({@code https:}, {@code file:}), or
     * else a path, relative to the working directory.
     */
    public static URI address(String urlOrPath) {
        String s = urlOrPath.strip();
        if (s.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) return URI.create(s);
        return Path.of(s).toAbsolutePath().normalize().toUri();
    }

    /** The local file a {@code file:} URL names; {@code file:../x} (no slashes) is taken relative too. */
    public static Optional<Path> localFile(URI uri) {
        if (!"file".equalsIgnoreCase(uri.getScheme())) return Optional.empty();
        return Optional.of(uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri));
    }

    /** A local source as it is, or a URL downloaded to {@code downloadAs}. */
    public Fetched obtain(URI source, Path downloadAs) throws DownloadException {
        Optional<Path> local = localFile(source);
        if (local.isEmpty()) {
            download(source, downloadAs);
            return new Fetched(downloadAs, true);
        }
        if (!Files.isRegularFile(local.get())) {
            throw new DownloadException(DownloadException.Kind.NOT_FOUND, source, "no file " + local.get(), null);
        }
        progress.println("      using " + local.get() + " (" + megabytes(local.get().toFile().length()) + ")");
        return new Fetched(local.get(), false);
    }

    public void download(URI uri, Path target) throws DownloadException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(uri, e);
        } catch (IOException e) {
            Throwable cause = rootCause(e);
            if (cause instanceof UnknownHostException || cause instanceof ConnectException
                    || cause instanceof java.nio.channels.UnresolvedAddressException) {
                throw unreachable(uri, e);
            }
            throw new DownloadException(DownloadException.Kind.FAILED, uri, "download of " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(DownloadException.Kind.FAILED, uri, "interrupted while downloading " + uri, e);
        }
        int code = response.statusCode();
        if (code != 200) {
            try (InputStream ignored = response.body()) {
                // drain nothing: closing releases the connection
            } catch (IOException ignored) {
                // the status is what matters
            }
            throw new DownloadException(code == 404 ? DownloadException.Kind.NOT_FOUND : DownloadException.Kind.FAILED, uri,
                    uri + " answered HTTP " + code, null);
        }
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                long next = System.nanoTime() + PROGRESS_EVERY.toNanos();
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    if (System.nanoTime() > next) {
                        progress.println("      " + megabytes(done) + (total > 0 ? " of " + megabytes(total) : "") + " ...");
                        next = System.nanoTime() + PROGRESS_EVERY.toNanos();
                    }
                }
                progress.println("      downloaded " + megabytes(done));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DownloadException(DownloadException.Kind.FAILED, uri, "download of " + uri + " broke off: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover .part is harmless: the next download overwrites it
            }
        }
    }

    private static DownloadException unreachable(URI uri, Exception e) {
        Throwable cause = rootCause(e);
        String why = cause instanceof UnknownHostException || cause instanceof java.nio.channels.UnresolvedAddressException
                ? "its name does not resolve" : cause instanceof ConnectException ? "connection refused" : cause.toString();
        return new DownloadException(DownloadException.Kind.UNREACHABLE, uri, "cannot reach " + uri.getHost() + ", " + why
                + " (offline, or a proxy or firewall in the way)", e);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
