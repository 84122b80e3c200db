package dev.leanagent.agent.serve;

/**
 * A request the server answers with an error: the HTTP status, a {@code kind} a client can switch
 * on (API.md lists them), a message for people, and for 429/503 the seconds after which to retry.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String kind;
    private final Integer retryAfterSeconds;

    public ApiError(int status, String kind, String message) {
        this(status, kind, message, null);
    }

    public ApiError(int status, String kind, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    static ApiError tooLarge(String message) {
        return new ApiError(413, "too_large", message);
    }
}
