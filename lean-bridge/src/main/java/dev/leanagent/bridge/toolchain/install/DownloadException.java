package dev.leanagent.bridge.toolchain.install;

import java.io.IOException;
import java.net.URI;

/** A download that did not happen, with whether the host could be reached at all. */
public final class DownloadException extends IOException {

    public enum Kind { UNREACHABLE, NOT_FOUND, FAILED }

    private final Kind kind;
    private final URI uri;

    public DownloadException(Kind kind, URI uri, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.uri = uri;
    }

    public Kind kind() {
        return kind;
    }

    public URI uri() {
        return uri;
    }
}
