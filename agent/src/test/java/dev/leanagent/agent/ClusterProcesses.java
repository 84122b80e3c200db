package dev.leanagent.agent;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Command lines of lean-agent in child JVMs on this machine's loopback (the members of a test cluster), and what they print. */
final class ClusterProcesses implements AutoCloseable {

    static final String PASSWORD = "test-cluster-secret";

    /** Short failure detection and downing (a killed node's attempts come back within seconds), quick discovery. */
    static final List<String> FAST_CLUSTER = List.of(
            "--set", "pekko.cluster.split-brain-resolver.stable-after=2s",
            "--set", "pekko.cluster.failure-detector.acceptable-heartbeat-pause=2s",
            "--set", "pekko.cluster.failure-detector.heartbeat-interval=500ms",
            // The coordinator's registration reaches both nodes well before either finished its first attempt.
            "--set", "pekko.cluster.typed.receptionist.distributed-data.gossip-interval=200ms");

    /** One child: its process and its stderr lines so far. */
    record Child(String name, Process process, List<String> err) {
        boolean printed(Predicate<String> line) {
            return err.stream().anyMatch(line);
        }

        String log() {
            return name + ":\n  " + String.join("\n  ", err);
        }
    }

    private final List<Child> children = new ArrayList<>();
    private final Path dir;

    /** {@code dir} holds each child's output and, in tmp/, its work directories (apart from the Lean files a test writes). */
    ClusterProcesses(Path dir) throws IOException {
        this.dir = dir;
        java.nio.file.Files.createDirectories(dir.resolve("tmp"));
    }

    /** A PKCS12 key store with a fresh key pair and self-signed certificate, made with the JDK's keytool. */
    static Path keyStore(Path file, String cn) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "member", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-dname", "CN=" + cn)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool failed");
        return file;
    }

    /** The settings that make a member use {@code keyStore}. */
    static List<String> keys(Path keyStore) {
        return List.of("--set", "cluster.key-store=" + keyStore, "--set", "cluster.key-store-password=" + PASSWORD);
    }

    /** A lean node's command line (one Lean worker, one attempt at a time, {@link #FAST_CLUSTER}), then {@code more}. */
    static List<String> leanNode(int seed, int port, Path keys, String... more) {
        List<String> args = new ArrayList<>(List.of("node", "--role", "lean", "--seed", "127.0.0.1:" + seed,
                "--port", String.valueOf(port), "--workers", "1", "--concurrency", "1"));
        args.addAll(List.of(more));
        args.addAll(FAST_CLUSTER);
        return withKeys(keys, args);
    }

    /** {@code args} with the settings that make a member use {@code keyStore}. */
    static List<String> withKeys(Path keyStore, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(keys(keyStore));
        return all;
    }

    /** A free port on loopback now (a member then binds it). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Child start(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + dir.resolve("tmp"), Main.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile()).start();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) err.add(l);
            } catch (IOException e) {
                // the child ended
            }
        }, "stderr-" + name);
        reader.setDaemon(true);
        reader.start();
        Child c = new Child(name, p, err);
        children.add(c);
        return c;
    }

    /** Waits until each node says it is up (fails when one ended first). */
    void awaitUp(Child... nodes) throws InterruptedException {
        for (Child n : nodes) {
            CancellationTest.await(() -> n.printed(l -> l.contains(" is up ")) || !n.process().isAlive(),
                    n.name() + " up\n" + logs(), 300);
            if (!n.process().isAlive()) throw new AssertionError(n.name() + " ended before it was up\n" + logs());
        }
    }

    /** The child's threads as jcmd prints them (for a failure's message: where a silent child is stuck). */
    static String threads(Child c) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(c.process().pid()), "Thread.print").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return c.name() + " threads:\n" + out;
        } catch (IOException | InterruptedException e) {
            return c.name() + " threads: none (" + e + ")";
        }
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        for (Child c : children) b.append(c.log()).append('\n');
        return b.toString();
    }

    /** Kills every child still running (SIGKILL; a node's Lean processes die with their process group's owner). */
    @Override
    public void close() throws InterruptedException {
        for (Child c : children) {
            c.process().descendants().forEach(ProcessHandle::destroyForcibly);
            c.process().destroyForcibly();
        }
        for (Child c : children) c.process().waitFor(30, TimeUnit.SECONDS);
    }
}
