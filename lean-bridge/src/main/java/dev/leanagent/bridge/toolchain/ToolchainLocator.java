package dev.leanagent.bridge.toolchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds Lean 3: an explicit home (configuration or {@code LEAN_HOME}), then {@code lean} on the
 * PATH, then elan's toolchains (newest Lean 3 first). Lean 4 binaries are skipped with a reason,
 * since a user with elan often has Lean 4 as the default.
 */
public final class ToolchainLocator {

    public static final String INSTALL_HINT = """
            Install Lean 3 with elan (https://github.com/leanprover/elan):
              curl https://raw.githubusercontent.com/leanprover/elan/master/elan-init.sh -sSf | sh -s -- -y --default-toolchain none
              elan toolchain install leanprover-community/lean:3.42.1
            then set LEAN_HOME=~/.elan/toolchains/leanprover-community--lean---3.42.1, or put its bin/ on PATH.
            (3.42.1 is the version miniF2F and its mathlib pin need.)""";

    private static final Pattern VERSION = Pattern.compile("Lean \\(version (\\d+)\\.(\\d+)\\.(\\d+)");

    private final Map<String, String> env;

    public ToolchainLocator(Map<String, String> env) {
        this.env = env;
    }

    public static ToolchainLocator fromSystem() {
        return new ToolchainLocator(System.getenv());
    }

    /** @param configuredHome a home from configuration, which wins over the environment */
    public LeanToolchain locate(Optional<Path> configuredHome) {
        List<String> tried = new ArrayList<>();
        if (configuredHome.isPresent()) {
            return fromHome(configuredHome.get(), "configuration (lean.home)", tried)
                    .orElseThrow(() -> notFound(tried));
        }
        String home = env.get("LEAN_HOME");
        if (home != null && !home.isBlank()) {
            return fromHome(Path.of(home), "LEAN_HOME", tried).orElseThrow(() -> notFound(tried));
        }
        Optional<LeanToolchain> onPath = onPath(tried);
        if (onPath.isPresent()) return onPath.get();
        return fromElan(tried).orElseThrow(() -> notFound(tried));
    }

    private Optional<LeanToolchain> fromHome(Path home, String via, List<String> tried) {
        Path bin = home.resolve("bin").resolve("lean");
        if (!Files.isExecutable(bin)) {
            tried.add(via + ": " + bin + " does not exist or is not executable");
            return Optional.empty();
        }
        return probe(bin, via, tried);
    }

    private Optional<LeanToolchain> onPath(List<String> tried) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path bin = Path.of(dir, "lean");
            if (Files.isExecutable(bin)) {
                Optional<LeanToolchain> t = probe(bin, "PATH", tried);
                if (t.isPresent()) return t;
            }
        }
        tried.add("PATH: no Lean 3 'lean' binary");
        return Optional.empty();
    }

    /**
     * elan's home: {@code ELAN_HOME}, else {@code ~/.elan}. Set-up installs a Lean from an archive
     * into its {@code toolchains/} too, so the search below finds it without a LEAN_HOME.
     */
    public static Path elanHome(Map<String, String> env) {
        String h = env.get("ELAN_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of(env.getOrDefault("HOME", "") + "/.elan");
    }

    private Optional<LeanToolchain> fromElan(List<String> tried) {
        Path toolchains = elanHome(env).resolve("toolchains");
        if (!Files.isDirectory(toolchains)) {
            tried.add("elan: no " + toolchains);
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(toolchains)) {
            List<Path> lean3 = dirs.filter(d -> d.getFileName().toString().contains("lean---3."))
                    .sorted(Comparator.comparing((Path d) -> d.getFileName().toString()).reversed())
                    .toList();
            for (Path d : lean3) {
                Optional<LeanToolchain> t = fromHome(d, "elan toolchain " + d.getFileName(), tried);
                if (t.isPresent()) return t;
            }
            if (lean3.isEmpty()) tried.add("elan: no Lean 3 toolchain in " + toolchains);
        } catch (IOException e) {
            tried.add("elan: cannot list " + toolchains + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Runs {@code lean --version} and {@code lean --path}; accepts only Lean 3. */
    Optional<LeanToolchain> probe(Path bin, String via, List<String> tried) {
        try {
            String version = run(bin, "--version");
            Matcher m = VERSION.matcher(version);
            if (!m.find()) {
                tried.add(via + ": " + bin + " printed no Lean version: " + version.strip());
                return Optional.empty();
            }
            if (!m.group(1).equals("3")) {
                tried.add(via + ": " + bin + " is Lean " + m.group(1) + "." + m.group(2) + "." + m.group(3)
                        + ", not Lean 3");
                return Optional.empty();
            }
            String v = m.group(1) + "." + m.group(2) + "." + m.group(3);
            JsonNode path = new ObjectMapper().readTree(run(bin, "--path")).path("path");
            List<Path> core = new ArrayList<>();
            path.forEach(p -> {
                Path dir = Path.of(p.asText()).normalize();
                if (Files.isDirectory(dir)) core.add(dir);
            });
            if (core.isEmpty()) {
                tried.add(via + ": " + bin + " reports no existing core library directory");
                return Optional.empty();
            }
            return Optional.of(new LeanToolchain(bin.toAbsolutePath(), v, List.copyOf(core), via));
        } catch (IOException e) {
            tried.add(via + ": cannot run " + bin + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String run(Path bin, String arg) throws IOException {
        Process p = new ProcessBuilder(bin.toString(), arg).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + bin + " " + arg + "' did not finish in 30 s");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static LeanNotFoundException notFound(List<String> tried) {
        return new LeanNotFoundException("No Lean 3 toolchain found. Looked at:\n  - "
                + String.join("\n  - ", tried) + "\n" + INSTALL_HINT);
    }
}
