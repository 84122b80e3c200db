package dev.leanagent.bridge.file;

/**
 * A command that ended with a bracket or a {@code begin}/{@code match} block still open: the
 * file does not parse there. The reader resynchronises at the next command keyword at column 0,
 * so the commands around it are still found, but the one it is in cannot be trusted (its proof
 * is cut short, or its {@code :=} is swallowed by the open bracket).
 *
 * @param command the declaration's display name, or the command's keyword
 * @param opener  the open bracket or block word, as written
 * @param offset  where the opener is
 * @param line    its 1-based line
 * @param column  its 0-based column
 * @param until   what came while it was open: {@code the end of the file} or {@code `theorem` at line 3}
 */
public record Unclosed(String command, String opener, int offset, int line, int column, String until) {

    /** For people: {@code broken: `begin` at line 1:31 is not closed before `theorem` at line 3}. */
    public String describe() {
        return command + ": `" + opener + "` at line " + line + ":" + column + " is not closed before " + until;
    }
}
