package dev.leanagent.bridge.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanagent.bridge.sandbox.ContainedProcesses;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.sandbox.SandboxSpec;
import dev.leanagent.bridge.sandbox.WorkDirs;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.OleanVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client of one sandboxed Lean REPL process (protocol: lean-bridge/PROTOCOL.md).
 *
 * <p>Requests go one at a time: the REPL is sequential, and a timeout then measures Lean's own
 * time for that request. Replies are recognised by their id and a random nonce sent at start-up,
 * because anything else on stdout (Lean's messages, or a tactic printing a forged reply) is noise.
 * A request that gets no reply in time kills the process with its process group.
 */
public final class ReplProcess implements Repl {

    private static final Logger log = LoggerFactory.getLogger(ReplProcess.class);
    private static final JsonMapper JSON = ReplCodec.JSON;

    /** The pending id of a raw line, answered with {@code "id": null}. */
    private static final long RAW_LINE = -1;
    /** The pending id of a forwarded line: the next reply with our nonce, whatever its id. */
    private static final long ANY_ID = Long.MIN_VALUE;

    private final Process process;
    private final Path workDir;
    private final ReplSettings settings;
    private final String nonce;
    private final OutputStream stdin;
    private final OutputTail noise = new OutputTail(40);
    private final Object lock = new Object();
    private long nextId = 1;
    private volatile PendingReply pending;
    private volatile boolean closed;
    private volatile List<Long> tree;
    private long timedRequests;
    private double leanMillis;

    private record PendingReply(long id, CompletableFuture<JsonNode> reply) {
    }

    private ReplProcess(Process process, Path workDir, ReplSettings settings, String nonce) {
        this.process = process;
        this.workDir = workDir;
        this.settings = settings;
        this.nonce = nonce;
        this.stdin = process.getOutputStream();
    }

    /** Starts a REPL for the settings' import set and waits until it answers. */
    public static ReplProcess start(LeanToolchain toolchain, Sandbox sandbox, ReplSettings settings) {
        Path work;
        try {
            work = WorkDirs.create("lean-agent-repl");
            ReplProgram.writeTo(work, settings.imports());
        } catch (IOException e) {
            throw new LeanProcessException("cannot prepare a work directory for Lean: " + e.getMessage(), e);
        }
        Process p;
        try {
            p = new ProcessBuilder(commandLine(toolchain, sandbox, settings, work)).start();
        } catch (IOException e) {
            WorkDirs.deleteQuietly(work);
            throw new LeanProcessException("cannot start " + toolchain.describe() + ": " + e.getMessage(), e);
        }
        ContainedProcesses.register(p);
        byte[] nonceBytes = new byte[12];
        new SecureRandom().nextBytes(nonceBytes);
        ReplProcess repl = new ReplProcess(p, work, settings, HexFormat.of().formatHex(nonceBytes));
        repl.startReaders();
        try {
            ObjectNode init = JSON.createObjectNode().put("cmd", "init").put("nonce", repl.nonce);
            repl.send(init, settings.startupTimeout());
        } catch (LeanProcessException e) {
            repl.close();
            throw new LeanProcessException(repl.startupFailure(toolchain, e.getMessage()), e);
        }
        return repl;
    }

    /** The contained command that runs the REPL program written into {@code work}. */
    public static List<String> commandLine(LeanToolchain toolchain, Sandbox sandbox, ReplSettings settings, Path work) {
        List<String> lean = List.of(toolchain.lean().toString(), "-M", Long.toString(settings.memoryMb()),
                "--run", ReplProgram.FILE_NAME);
        return sandbox.wrap(lean, new SandboxSpec(work, settings.memoryMb(),
                Map.of("LEAN_PATH", toolchain.leanPath(settings.leanPath()))));
    }

    private String startupFailure(LeanToolchain toolchain, String why) {
        StringBuilder sb = new StringBuilder("the Lean REPL did not start (" + toolchain.describe()
                + ", imports " + settings.imports() + "): " + why);
        for (Path dir : settings.leanPath()) {
            Optional<String> mismatch = OleanVersions.firstMismatch(dir, toolchain.version());
            mismatch.ifPresent(m -> sb.append("\n").append(m));
        }
        return sb.toString();
    }

    private void startReaders() {
        Thread out = new Thread(() -> readStdout(process.getInputStream()), "lean-repl-stdout-" + process.pid());
        Thread err = new Thread(() -> readNoise(process.getErrorStream()), "lean-repl-stderr-" + process.pid());
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
        process.onExit().thenRun(() -> {
            PendingReply p = pending;
            if (p != null) p.reply().completeExceptionally(died());
        });
    }

    private void readStdout(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!deliver(line)) {
                    noise.add(line);
                    log.debug("lean {}: {}", process.pid(), line);
                }
            }
        } catch (IOException e) {
            // the process is gone; onExit reports it
        }
    }

    private boolean deliver(String line) {
        if (!line.startsWith("{")) return false;
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return false;
        }
        PendingReply p = pending;
        long id = node.path("id").isNull() ? RAW_LINE : node.path("id").asLong(-2);
        if (p == null || !nonce.equals(node.path("nonce").asText(null)) || (id != p.id() && p.id() != ANY_ID)) {
            return false;
        }
        p.reply().complete(node);
        return true;
    }

    private void readNoise(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!recordTime(line)) noise.add(line);
            }
        } catch (IOException e) {
            // gone
        }
    }

    /** Reads the REPL's {@code lean-agent-time NONCE ID TIME} line (PROTOCOL.md). */
    private boolean recordTime(String line) {
        if (!line.startsWith(TIME_MARKER)) return false;
        String[] parts = line.split(" ");
        if (parts.length != 4) return false;
        if (!parts[1].equals(nonce)) return true; // the init request's, before the nonce is known

        OptionalDouble ms = parseLeanDuration(parts[3]);
        if (ms.isEmpty()) return false;
        synchronized (this) {
            timedRequests++;
            leanMillis += ms.getAsDouble();
        }
        return true;
    }

    private static final String TIME_MARKER = "lean-agent-time ";

    /** Lean's {@code timeit} prints {@code 53.3ms}, {@code 1.23e+03ms} or {@code 2.5s}. */
    static OptionalDouble parseLeanDuration(String text) {
        try {
            if (text.endsWith("ms")) return OptionalDouble.of(Double.parseDouble(text.substring(0, text.length() - 2)));
            if (text.endsWith("s")) return OptionalDouble.of(1000 * Double.parseDouble(text.substring(0, text.length() - 1)));
        } catch (NumberFormatException e) {
            // not a time
        }
        return OptionalDouble.empty();
    }

    @Override
    public synchronized LeanTime leanTime() {
        return new LeanTime(timedRequests, leanMillis);
    }

    @Override
    public OptionalLong residentBytes() {
        if (!process.isAlive()) return OptionalLong.empty();
        // The sandbox's process tree is complete once the REPL answered init, and stays as it is.
        List<Long> pids = tree;
        if (pids == null) tree = pids = ResidentMemory.tree(process.toHandle());
        return ResidentMemory.of(pids);
    }

    private LeanProcessException died() {
        String tail = noise.text();
        return new LeanProcessException("the Lean process " + process.pid() + " exited"
                + (process.isAlive() ? "" : " with status " + process.exitValue())
                + (tail.isBlank() ? "" : "; its last output:\n" + tail));
    }

    /**
     * Sends one request and waits for its reply. Past the timeout the process is killed:
     * Lean's own limits should have answered long before, so it is hung (blocking IO in a tactic,
     * a loop outside {@code try_for}).
     */
    JsonNode send(ObjectNode request, Duration timeout) {
        synchronized (lock) {
            long id = nextId++;
            request.put("id", id);
            return exchange(id, ReplCodec.encode(request), timeout, request.path("cmd").asText() + " request " + id);
        }
    }

    /** Writes one line and waits for the reply carrying {@code id}. */
    private JsonNode exchange(long id, byte[] line, Duration timeout, String what) {
        synchronized (lock) {
            if (closed) throw new LeanProcessException("the REPL process is closed");
            if (!process.isAlive()) throw died();
            PendingReply p = new PendingReply(id, new CompletableFuture<>());
            pending = p;
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
                return p.reply().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                throw died();
            } catch (TimeoutException e) {
                ContainedProcesses.kill(process);
                throw LeanProcessException.hung("Lean gave no reply within " + timeout.toSeconds()
                        + " s to " + what + "; the process was killed");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof LeanProcessException l ? l : new LeanProcessException("reply failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeanProcessException("interrupted while waiting for Lean", e);
            } finally {
                pending = null;
            }
        }
    }

    /** Starts a proof. */
    @Override
    public Outcome start(StartRequest req) {
        ObjectNode r = JSON.createObjectNode().put("cmd", "start").put("context", req.context() == null ? "" : req.context());
        if (req.name() != null) r.put("name", req.name());
        if (req.type() != null) r.put("type", req.type()).put("binders", req.binders() == null ? "" : req.binders());
        // Replaying the context elaborates the file's earlier proofs: allow for that.
        return ReplCodec.outcome(send(r, settings.startupTimeout()));
    }

    /** Runs a tactic with the default limits. */
    public Outcome tactic(int state, String tactic) {
        return tactic(state, tactic, settings.tacticTimeout(), settings.heartbeats());
    }

    @Override
    public Outcome tactic(int state, String tactic, Duration timeout, long heartbeats) {
        ObjectNode r = JSON.createObjectNode().put("cmd", "tactic").put("state", state).put("tactic", tactic)
                .put("timeout_ms", timeout.toMillis()).put("heartbeats", heartbeats);
        return ReplCodec.outcome(send(r, timeout.plus(settings.replyMargin())));
    }

    /** Forgets states; returns how many states the process still holds. */
    @Override
    public int release(List<Integer> states) {
        ObjectNode r = JSON.createObjectNode().put("cmd", "release");
        states.forEach(r.putArray("states")::add);
        return checked(send(r, settings.replyMargin())).path("live").asInt();
    }

    /** Sends a raw request (for tests of the protocol's error handling and for tools). */
    public JsonNode raw(ObjectNode request, Duration timeout) {
        return send(request, timeout);
    }

    /**
     * Writes a line as it is, bypassing JSON encoding, and returns the REPL's answer, which
     * carries no id when the line was not a JSON object with one (for tests of malformed input).
     */
    public JsonNode rawLine(String line, Duration timeout) {
        return exchange(RAW_LINE, line.getBytes(StandardCharsets.UTF_8), timeout, "a raw line");
    }

    /**
     * Writes a line someone else wrote (the {@code repl} command's user) and returns the next
     * reply, whatever id it carries. The line must hold exactly one request: a blank line gets no
     * reply and would wait for the timeout. Past the timeout the process is killed, as for any
     * request.
     */
    public JsonNode forward(byte[] line, Duration timeout) {
        return exchange(ANY_ID, line, timeout, "a forwarded request");
    }

    private static JsonNode checked(JsonNode reply) {
        if (!reply.path("ok").asBoolean()) {
            JsonNode e = reply.path("error");
            throw new LeanProcessException("the REPL refused a request: " + e.path("kind").asText() + ": "
                    + e.path("message").asText());
        }
        return reply;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process group and removes the work directory. */
    @Override
    public void close() {
        closed = true;
        ContainedProcesses.kill(process);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WorkDirs.deleteQuietly(workDir);
    }
}
