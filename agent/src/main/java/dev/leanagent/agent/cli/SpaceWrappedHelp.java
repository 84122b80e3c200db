package dev.leanagent.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Option lists wrapped at spaces only. picocli wraps with Java's line BreakIterator, which also
 * breaks after a dot or a colon: a setting's name came out as {@code search. expansions}, which
 * nobody can copy. So the list is rendered one line per entry and wrapped here.
 */
public final class SpaceWrappedHelp {

    private static final int WIDE = 10_000;

    private SpaceWrappedHelp() {
    }

    /**
     * Installs the wrapping on {@code line} and all its subcommands. A command with option groups
     * gets the short synopsis ({@code [OPTIONS]}): picocli lists a group that comes through a mixin
     * twice in the long one.
     */
    public static void install(CommandLine line) {
        line.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, SpaceWrappedHelp::optionList);
        if (!line.getCommandSpec().argGroups().isEmpty()) line.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        line.getSubcommands().values().forEach(SpaceWrappedHelp::install);
    }

    private static String optionList(Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        usage.width(WIDE);
        String wide;
        try {
            wide = help.optionList();
        } finally {
            usage.width(width);
        }
        StringBuilder out = new StringBuilder();
        for (String line : wide.split("\n", -1)) {
            wrap(line.stripTrailing(), width, out);
        }
        // split(-1) gave a last empty piece for the final newline; keep exactly one
        return out.length() > 0 ? out.substring(0, out.length() - 1) : "";
    }

    /** One entry: the option column as picocli laid it out, the description wrapped at spaces beside it. */
    static void wrap(String line, int width, StringBuilder out) {
        if (line.length() <= width) {
            out.append(line).append('\n');
            return;
        }
        int column = descriptionColumn(line);
        if (column < 0 || column > width / 2) {
            out.append(line).append('\n');
            return;
        }
        String indent = " ".repeat(column + 2);
        List<String> words = new ArrayList<>(List.of(line.substring(column).split(" +")));
        StringBuilder current = new StringBuilder(line.substring(0, column));
        boolean empty = true;
        for (String w : words) {
            if (!empty && current.length() + 1 + w.length() > width) {
                out.append(current).append('\n');
                current = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) current.append(' ');
            current.append(w);
            empty = false;
        }
        out.append(current).append('\n');
    }

    /** Where the description starts: after the option text and its gap of two or more spaces, or after the indent of a continuation line. */
    private static int descriptionColumn(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        if (i > 8) return i;  // a continuation line: nothing but the description's indent before it
        int gap = line.indexOf("  ", i);
        if (gap < 0) return -1;
        int j = gap;
        while (j < line.length() && line.charAt(j) == ' ') j++;
        return j < line.length() ? j : -1;
    }
}
