package dev.leanagent.bridge.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanagent.bridge.file.Declaration;
import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.file.LeanFileReader;
import dev.leanagent.bridge.file.LineIndex;
import dev.leanagent.bridge.sandbox.ContainedProcesses;
import dev.leanagent.bridge.sandbox.Sandbox;
import dev.leanagent.bridge.sandbox.SandboxSpec;
import dev.leanagent.bridge.sandbox.WorkDirs;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.OleanVersions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Independent proof checking: compiles a file in a fresh sandboxed Lean process and judges each
 * theorem from Lean's {@code --json} messages, never from the exit code (Lean exits 0 on "uses
 * sorry"). After the file, one {@code #print axioms} per theorem catches what its own messages
 * cannot: {@code sorry} reached through a lemma (printed as {@code [sorry]}) and axioms beyond
 * {@code propext}, {@code classical.choice} and {@code quot.sound}, a tactic-added one included.
 */
public final class ProofChecker {

    public static final Set<String> ALLOWED_AXIOMS = Set.of("propext", "classical.choice", "quot.sound");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LeanToolchain toolchain;
    private final Sandbox sandbox;
    private final List<Path> leanPath;
    private final long memoryMb;
    private final Duration timeout;

    public ProofChecker(LeanToolchain toolchain, Sandbox sandbox, List<Path> leanPath, long memoryMb, Duration timeout) {
        this.toolchain = toolchain;
        this.sandbox = sandbox;
        this.leanPath = List.copyOf(leanPath);
        this.memoryMb = memoryMb;
        this.timeout = timeout;
    }

    public CheckReport check(Path file) throws IOException {
        return check(LeanFileReader.read(file));
    }

    /** Checks the file's theorems, lemmas and examples as the text stands. */
    public CheckReport check(LeanFile file) throws IOException {
        List<Declaration> judged = file.declarations().stream()
                .filter(d -> d.isTheorem() || d.keyword().equals("example")).toList();
        StringBuilder text = new StringBuilder(file.text());
        if (!file.text().endsWith("\n")) text.append('\n');
        int line = (int) file.text().lines().count() + 1;
        Map<Integer, Declaration> axiomLines = new HashMap<>();
        for (Declaration d : judged) {
            if (d.fullName() == null) continue;
            text.append("#print axioms ").append(d.fullName()).append('\n');
            axiomLines.put(line++, d);
        }
        List<LeanMessage> messages = compile(text.toString(), file.path());
        return judge(file, judged, axiomLines, messages);
    }

    private CheckReport judge(LeanFile file, List<Declaration> judged, Map<Integer, Declaration> axiomLines,
                              List<LeanMessage> messages) {
        LineIndex lines = new LineIndex(file.text());
        Map<Declaration, List<LeanMessage>> own = new HashMap<>();
        Map<Declaration, String> axioms = new HashMap<>();
        List<String> fileErrors = new ArrayList<>();
        for (LeanMessage m : messages) {
            Declaration printed = axiomLines.get(m.line());
            if (printed != null) {
                if (m.caption().equals("print result")) axioms.put(printed, m.text());
                else own.computeIfAbsent(printed, k -> new ArrayList<>()).add(m);
                continue;
            }
            Optional<Declaration> d = owner(file, lines, m);
            if (d.isPresent() && judged.contains(d.get())) {
                own.computeIfAbsent(d.get(), k -> new ArrayList<>()).add(m);
            } else if (m.isError()) {
                fileErrors.add(m.position() + ": " + m.firstLine() + d.map(x -> " (in " + x.displayName() + ")").orElse("")
                        + oleanHint(m));
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Declaration d : judged) {
            verdicts.add(verdict(d, own.getOrDefault(d, List.of()), axioms.get(d)));
        }
        return new CheckReport(file.path(), verdicts, fileErrors);
    }

    /**
     * The declaration a message is about, by its position against the declarations' spans. An
     * error right at a declaration's first token, after a declaration left open (a {@code begin}
     * without {@code end}), is the open one's: Lean's parser was still in it when it met the next
     * keyword and reports where it stopped.
     */
    private static Optional<Declaration> owner(LeanFile file, LineIndex lines, LeanMessage m) {
        int offset = lines.offsetOf(m.line(), m.column());
        Optional<Declaration> at = file.declarationAt(offset);
        if (m.isError() && at.isPresent() && at.get().start() == offset) {
            Optional<Declaration> before = offset == 0 ? Optional.empty() : file.declarationAt(offset - 1);
            if (before.isPresent() && file.unclosed().stream()
                    .anyMatch(u -> u.offset() >= before.get().start() && u.offset() < offset)) {
                return before;
            }
        }
        return at;
    }

    private static Verdict verdict(Declaration d, List<LeanMessage> messages, String axiomText) {
        String name = d.displayName();
        for (LeanMessage m : messages) {
            if (m.isError()) return Verdict.failed(name, d.line(), "error at " + m.position() + ": " + m.firstLine());
        }
        for (LeanMessage m : messages) {
            if (m.text().contains("uses sorry")) return Verdict.failed(name, d.line(), "uses sorry");
        }
        if (d.fullName() == null) return Verdict.ok(name, d.line());
        if (axiomText == null) return Verdict.failed(name, d.line(), "Lean printed no axioms for it (not in the environment?)");
        List<String> foreign = new ArrayList<>();
        for (String a : axiomText.lines().map(String::strip).toList()) {
            if (a.equals("[sorry]")) return Verdict.failed(name, d.line(), "uses sorry through a lemma it depends on");
            if (a.isEmpty() || a.equals("no axioms") || ALLOWED_AXIOMS.contains(a)) continue;
            foreign.add(a);
        }
        if (!foreign.isEmpty()) {
            return Verdict.failed(name, d.line(), "depends on axioms outside propext, classical.choice, quot.sound: "
                    + String.join(", ", foreign));
        }
        return Verdict.ok(name, d.line());
    }

    private String oleanHint(LeanMessage m) {
        if (!m.text().contains("olean")) return "";
        for (Path dir : leanPath) {
            var mismatch = OleanVersions.firstMismatch(dir, toolchain.version());
            if (mismatch.isPresent()) return " (" + mismatch.get() + ")";
        }
        return "";
    }

    /** Compiles {@code text} in a fresh contained Lean and returns its messages. */
    private List<LeanMessage> compile(String text, Path original) throws IOException {
        Path work = WorkDirs.create("lean-agent-check");
        try {
            String name = original == null ? "check.lean" : original.getFileName().toString();
            Path copy = work.resolve(name.endsWith(".lean") ? name : name + ".lean");
            Files.writeString(copy, text, StandardCharsets.UTF_8);
            List<Path> path = new ArrayList<>(leanPath);
            if (original != null && original.toAbsolutePath().getParent() != null) {
                path.add(original.toAbsolutePath().getParent());
            }
            List<String> lean = List.of(toolchain.lean().toString(), "--json", "-M", Long.toString(memoryMb),
                    copy.getFileName().toString());
            SandboxSpec spec = new SandboxSpec(work, memoryMb, Map.of("LEAN_PATH", toolchain.leanPath(path)));
            Process p = new ProcessBuilder(sandbox.wrap(lean, spec)).redirectErrorStream(true).start();
            ContainedProcesses.register(p);
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ContainedProcesses.kill(p);
                throw new IOException("Lean did not finish checking " + name + " within " + timeout.toSeconds() + " s");
            }
            return parse(out.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking", e);
        } finally {
            WorkDirs.deleteQuietly(work);
        }
    }

    private static List<LeanMessage> parse(String output) {
        List<LeanMessage> messages = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) continue;
            try {
                messages.add(LeanMessage.of(JSON.readTree(line)));
            } catch (IOException e) {
                // not a message; Lean prints nothing else in --json mode, but be lenient
            }
        }
        return messages;
    }

}
