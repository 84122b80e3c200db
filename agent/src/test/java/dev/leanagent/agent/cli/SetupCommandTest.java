package dev.leanagent.agent.cli;

import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.ToolchainLocator;
import dev.leanagent.bridge.toolchain.install.TestArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lean-agent setup} on a "fresh machine": a temporary HOME with no Lean, elan's installer
 * unreachable, and the sandbox check given by the test (whether this machine has bubblewrap must
 * not decide the outcome).
 */
class SetupCommandTest {

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int setup(Map<String, String> env, Optional<String> sandboxProblem, String... args) throws IOException {
        SetupCommand cmd = new SetupCommand();
        cmd.env = env;
        cmd.root = false;
        cmd.sandboxProblem = () -> sandboxProblem;
        cmd.progress = new PrintStream(progress, true, StandardCharsets.UTF_8);
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 2];
        all[0] = "--set";
        all[1] = "minif2f.setup.elan-init=http://127.0.0.1:" + closedPort() + "/elan-init.sh";
        System.arraycopy(args, 0, all, 2, args.length);
        return new CommandLine(cmd).execute(all);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> freshHome(Path dir) {
        return Map.of("HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin");
    }

    @Test
    void installsLeanFromAnArchiveWhereItIsFoundAndTheSecondRunChangesNothing(@TempDir Path dir) throws IOException {
        Path archive = Files.write(dir.resolve("lean-3.42.1-linux.tar.gz"), TestArchives.fakeLeanRelease("3.42.1"));

        assertEquals(0, setup(freshHome(dir), Optional.empty(), "--lean-archive", archive.toString()), progress + "\n" + out);

        assertTrue(out.toString().contains("Everything is ready"), out.toString());
        assertTrue(progress.toString().contains("installing Lean 3.42.1 from " + archive.toUri()), progress.toString());
        Path installed = dir.resolve("home/.elan/toolchains/leanprover-community--lean---3.42.1");
        LeanToolchain found = new ToolchainLocator(freshHome(dir)).locate(Optional.empty());
        assertEquals(installed.resolve("bin/lean"), found.lean(), "lean-agent finds it with no LEAN_HOME");
        assertEquals("3.42.1", found.version());

        Files.writeString(installed.resolve("kept.txt"), "untouched");
        progress.reset();
        out.reset();
        assertEquals(0, setup(freshHome(dir), Optional.empty()), progress + "\n" + out);
        assertFalse(progress.toString().contains("install"), "nothing is installed the second time: " + progress);
        assertTrue(out.toString().contains("Everything is ready"), out.toString());
        assertEquals("untouched", Files.readString(installed.resolve("kept.txt")));
    }

    @Test
    void offlineWithNothingToInstallFromItNamesEachMissingPartAndExits2(@TempDir Path dir) throws IOException {
        Path emptyBin = Files.createDirectories(dir.resolve("bin"));
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString(), "PATH", emptyBin.toString());

        int rc = setup(env, Optional.of("bubblewrap ('bwrap') is not installed, and every Lean process runs inside it"));

        assertEquals(2, rc, progress + "\n" + out);
        String said = out.toString();
        assertTrue(said.contains("- Lean 3.42.1: cannot reach 127.0.0.1"), said);
        assertTrue(said.contains("--lean-archive FILE|URL"), said);
        assertTrue(said.contains("elan toolchain install leanprover-community/lean:3.42.1"), said);
        assertTrue(said.contains("- sandbox: bubblewrap ('bwrap') is not installed"), said);
        assertTrue(said.contains("run: sudo apt-get install bubblewrap util-linux"), said);
        assertFalse(said.contains("- Java"), "Java " + Runtime.version() + " is ready: " + said);
        assertFalse(Files.exists(dir.resolve("home/.elan/toolchains")), "nothing half-installed");
    }

    @Test
    void aSandboxThatCannotBeMadeNamesWhatTheAdministratorMustChange(@TempDir Path dir) throws IOException {
        Path archive = Files.write(dir.resolve("lean.tar.gz"), TestArchives.fakeLeanRelease("3.42.1"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : new String[] {"bwrap", "prlimit"}) {
            Path p = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexit 1\n");
            assertTrue(p.toFile().setExecutable(true));
        }
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString(), "PATH", bin + ":/usr/bin:/bin");

        int rc = setup(env, Optional.of("bubblewrap is installed but cannot create a sandbox here: no namespaces\n"
                + "It needs user namespaces: as root check 'sysctl kernel.unprivileged_userns_clone'"), "--lean-archive", archive.toString());

        assertEquals(2, rc);
        assertTrue(out.toString().contains("- sandbox: bubblewrap is installed but cannot create a sandbox here"), out.toString());
        assertTrue(out.toString().contains("sysctl kernel.unprivileged_userns_clone"), out.toString());
        assertFalse(out.toString().contains("apt-get install"), "installing would not help: " + out);
    }
}
