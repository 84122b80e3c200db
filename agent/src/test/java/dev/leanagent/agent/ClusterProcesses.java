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
