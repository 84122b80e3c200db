package dev.leanagent.bridge.check;

/** The checker's word on one theorem: ok, or why not. */
public record Verdict(String name, int line, boolean ok, String reason) {

    public static Verdict ok(String name, int line) {
        return new Verdict(name, line, true, null);
    }

    public static Verdict failed(String name, int line, String reason) {
        return new Verdict(name, line, false, reason);
    }

    /** One line for people: {@code ok    name} or {@code FAIL  name: reason}. */
    public String render() {
        return ok ? "ok    " + name : "FAIL  " + name + ": " + reason;
    }
}
