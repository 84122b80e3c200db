package dev.leanagent.minif2f.run;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why Lean could not load the split's imports, read from what Lean printed: which module it gave
 * up on ({@code invalid import: foo}) and its own reason (a corrupted {@code .olean}, one written
 * by another Lean, a file not found), put first so a user need not dig through Lean's output.
 */
final class ImportLoadFailure {

    private static final Pattern INVALID_IMPORT = Pattern.compile("invalid import: (\\S+)");
    private static final Pattern ERROR = Pattern.compile("error: (.+)");

    private ImportLoadFailure() {
    }

    static String describe(List<String> imports, String leanAccount) {
        Set<String> modules = new LinkedHashSet<>();
        Set<String> causes = new LinkedHashSet<>();
        for (String line : leanAccount.split("\n")) {
            Matcher m = INVALID_IMPORT.matcher(line);
            if (m.find()) {
                modules.add(m.group(1));
                continue;
            }
            Matcher e = ERROR.matcher(line);
            if (e.find() && !e.group(1).startsWith("could not resolve import")) causes.add(e.group(1).strip());
        }
        String which = modules.isEmpty() ? "the imports " + imports : String.join(", ", modules);
        String why = causes.isEmpty() ? "" : " (" + String.join("; ", causes) + ")";
        // The modules were found on Lean's path before the run; not finding them now means the sandbox hides them.
        String advice = causes.stream().anyMatch(c -> c.contains("not found in the search path"))
                ? "Lean runs in a sandbox that sees the file system read-only and /tmp empty: a workspace or --lean-path "
                + "directory under /tmp is invisible to it; keep them elsewhere."
                : "An .olean that is damaged or was written by another Lean is the usual cause: delete it and compile "
                + "again (./lean-agent bench minif2f setup --dir DIR resumes a workspace's compile).";
        return "the miniF2F workspace does not load: Lean could not load " + which + why + ", so no theorem can be "
                + "searched. " + advice + "\nWhat Lean said:\n  " + leanAccount.strip().replace("\n", "\n  ");
    }
}
