package dev.leanagent.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanagent.agent.UsageException;
import dev.leanagent.bridge.check.CheckReport;
import dev.leanagent.bridge.check.ProofChecker;
import dev.leanagent.bridge.check.Verdict;
import dev.leanagent.bridge.file.LeanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check Lean 3 files: is each theorem really proved?",
                "",
                "Compiles each file in a fresh sandboxed Lean and judges every theorem, lemma and example: ok, "
                        + "or why not (an error; sorry, directly or through a lemma; an axiom outside propext, "
                        + "classical.choice, quot.sound).",
                "Exit status 0 when all are ok, 1 when any is not, 2 for a usage or set-up error."})
public final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE.lean", description = "Files to check.")
    List<Path> files;

    @Option(names = "--json", description = "One JSON object per theorem instead of text lines.")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        List<LeanFile> leanFiles = files.stream().map(LeanInput::read).toList();
        LeanEnvironment env = LeanEnvironment.find(global.lean());
        ProofChecker checker = env.checker();
        ObjectMapper mapper = new ObjectMapper();
        int ok = 0, failed = 0;
        for (LeanFile lean : leanFiles) {
            Path f = lean.path();
            CheckReport r = checker.check(lean);
            for (String e : r.fileErrors()) {
                failed++;
                System.out.println(json ? mapper.writeValueAsString(new FileError(f.toString(), e)) : "ERROR " + f + ": " + e);
            }
            for (Verdict v : r.verdicts()) {
                if (v.ok()) ok++; else failed++;
                System.out.println(json ? mapper.writeValueAsString(new JsonVerdict(f.toString(), v)) : v.render());
            }
        }
        if (!json) System.out.println(ok + " ok, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    record JsonVerdict(String file, String name, int line, boolean ok, String reason) {
        JsonVerdict(String file, Verdict v) {
            this(file, v.name(), v.line(), v.ok(), v.reason());
        }
    }

    record FileError(String file, String error) {
    }
}
