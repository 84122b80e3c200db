package dev.leanagent.bridge.repl;

/**
 * How to start a proof: either a statement ({@code binders} and {@code type}, as split by the file
 * reader) or the {@code name} of a declaration in the environment; in both cases after replaying
 * {@code context} (the file's commands before the theorem, see {@code LeanFile.contextFor}).
 */
public record StartRequest(String context, String name, String binders, String type) {

    public static StartRequest statement(String context, String binders, String type) {
        return new StartRequest(context, null, binders, type);
    }

    public static StartRequest declaration(String context, String name) {
        return new StartRequest(context, name, null, null);
    }
}
