package dev.leanagent.minif2f.run;

import dev.leanagent.bridge.file.LeanFile;
import dev.leanagent.bridge.toolchain.ImportClosure;
import dev.leanagent.bridge.toolchain.LeanToolchain;
import dev.leanagent.bridge.toolchain.OleanVersions;
import dev.leanagent.minif2f.Workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is checked before any Lean starts, each failure a {@link RunSetupException} that says what
 * to do: the split's files, Lean's version against miniF2F's pin, and the split's imports found
 * and compiled on Lean's path by that same Lean. A workspace's {@code .olean} files may have come
 * from elsewhere (an archive, another machine): Lean 3 silently elaborates the source of a module
 * whose {@code .olean} another version wrote, in every process, which for mathlib means hours.
 */
final class WorkspaceChecks {

    private WorkspaceChecks() {
    }

    static void files(Workspace ws, String split) {
        List<String> missing = ws.missing(split);
        if (!missing.isEmpty()) {
            throw new RunSetupException("the miniF2F workspace is incomplete:\n  - " + String.join("\n  - ", missing));
        }
    }

    static void leanVersion(LeanToolchain lean) {
        if (!lean.version().equals(Workspace.LEAN_VERSION)) {
            throw new RunSetupException("miniF2F pins Lean " + Workspace.LEAN_VERSION + " (its mathlib "
                    + Workspace.MATHLIB_COMMIT.substring(0, 8) + " is compiled with it), but " + lean.describe()
                    + " was found; set LEAN_HOME to a Lean " + Workspace.LEAN_VERSION + " toolchain");
        }
    }

    /**
     * @param setupDir the workspace directory when {@code setup} made it (it then knows how to finish compiling)
     */
    static void imports(LeanFile file, LeanToolchain lean, List<Path> leanPath, Optional<Path> setupDir) throws IOException {
        ImportClosure closure = ImportClosure.of(file.imports(), file.path(), lean.searchPath(leanPath));
        if (!closure.unresolved().isEmpty()) {
            throw new RunSetupException(file.path() + " imports modules that are not on Lean's path:\n  "
                    + closure.gaps().orElseThrow().replace("\n", "\n  ") + "\nAdd their directories with --lean-path "
                    + "(mathlib's src/ and miniF2F's lean/src/), or use a workspace made by ./lean-agent bench minif2f setup");
        }
        String finish = setupDir.map(d -> "./lean-agent bench minif2f setup --dir " + d)
                .orElse("cd " + file.path().getParent() + " && LEAN_PATH=" + lean.leanPath(leanPath) + " "
                        + lean.lean() + " --make minif2f_import.lean (or prepare a workspace with "
                        + "./lean-agent bench minif2f setup --dir DIR)");
        Optional<String> gaps = closure.gaps();
        if (gaps.isPresent()) {
            throw new RunSetupException("the miniF2F workspace is not ready: " + file.path() + "'s imports are not all "
                    + "compiled:\n  " + gaps.get().replace("\n", "\n  ") + "\nFinish compiling them (it resumes where it "
                    + "stopped): " + finish);
        }
        List<String> foreign = foreignOleans(closure, lean.version());
        if (!foreign.isEmpty()) {
            throw new RunSetupException("the miniF2F workspace was not compiled by this Lean: " + foreign.size() + " of the "
                    + closure.modules().size() + " modules imported have an .olean that Lean " + lean.version()
                    + " did not write, e.g.\n  " + String.join("\n  ", foreign.subList(0, Math.min(3, foreign.size())))
                    + "\nLean would elaborate their sources in every Lean process instead. Delete those .olean files and "
                    + "compile again with Lean " + lean.version() + ": " + finish);
        }
    }

    /** Each compiled module whose {@code .olean} header names another Lean version, or is not an {@code .olean}'s, described. */
    static List<String> foreignOleans(ImportClosure closure, String version) throws IOException {
        List<String> out = new ArrayList<>();
        for (ImportClosure.Module m : closure.modules()) {
            if (!m.compiled()) continue;
            Path olean = olean(m.file());
            Optional<String> written = OleanVersions.versionOf(olean);
            if (written.isEmpty()) {
                out.add(m.name() + ": " + olean + " is not an .olean file (no oleanfile header)");
            } else if (!written.get().equals(version)) {
                out.add(m.name() + ": " + olean + " was written by Lean " + written.get());
            }
        }
        return out;
    }

    private static Path olean(Path moduleFile) {
        String name = moduleFile.getFileName().toString();
        return name.endsWith(".lean")
                ? moduleFile.resolveSibling(name.substring(0, name.length() - ".lean".length()) + ".olean") : moduleFile;
    }
}
