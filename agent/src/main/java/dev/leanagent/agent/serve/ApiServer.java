package dev.leanagent.agent.serve;

import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The running server: Pekko HTTP bound to one address in the backend's actor system. Refuses an
 * address other than loopback unless a token is set. {@link #close()} unbinds, ends open
 * connections (cancelling their searches), then closes the backend, killing every Lean process.
 */
public final class ApiServer implements AutoCloseable {

    private final ServerBinding binding;
    private final ServeService service;
    private final ServeBackend backend;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ApiServer(ServerBinding binding, ServeService service, ServeBackend backend) {
        this.binding = binding;
        this.service = service;
        this.backend = backend;
    }

    /**
     * Binds {@code host:port} (0 for an ephemeral port).
     *
     * @throws IllegalArgumentException when {@code host} is not a loopback address and no token is given
     */
    public static ApiServer start(ServeBackend backend, ServeLimits limits, String host, int port, Optional<String> token)
            throws Exception {
        requireSafeBind(host, token);
        ServerMetrics metrics = new ServerMetrics();
        ServeService service = new ServeService(backend, limits, metrics);
        service.corePool();
        HttpApi api = new HttpApi(backend.system(), service, limits, metrics, token);
        ServerBinding binding = Http.get(backend.system()).newServerAt(host, port)
                .adaptSettings(s -> s.withRemoteAddressAttribute(true)
                        // A prove stream answers at once; suggest with mathlib may wait for a worker's start.
                        .withTimeouts(s.getTimeouts().withRequestTimeout(scala.concurrent.duration.Duration.create(10, TimeUnit.MINUTES))))
                .bind(api::handle).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new ApiServer(binding, service, backend);
    }

    public static void requireSafeBind(String host, Optional<String> token) throws UnknownHostException {
        boolean loopback = InetAddress.getByName(host).isLoopbackAddress();
        if (!loopback && token.filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("refusing to listen on " + host + " without a token: anyone who reaches "
                    + "it could run Lean on this machine; give --token-file FILE, or listen on 127.0.0.1");
        }
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    public ServeBackend backend() {
        return backend;
    }

    /** Idempotent: a shutdown hook and the command's own exit may both close it. */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) return;
        try {
            binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            service.close();
            backend.close();
        }
    }
}
