package dev.leanagent.bridge.file;

/**
 * A top-level command that declares nothing: {@code import}, {@code open}, {@code variables},
 * {@code namespace}, {@code end}, {@code #eval}, ... {@code keyword} is the command word without
 * modifiers ("attribute" for {@code local attribute}), with two exceptions that need their second
 * word to mean anything: "noncomputable theory" and the {@code #} commands ("#eval", "#check").
 * {@code text} is the source from the first modifier to the end of the last token.
 */
public record Command(String keyword, String text, int start, int end) {

    /** {@code #eval}, {@code #check}, {@code #print}, ...: they only print, and a replay can skip them. */
    public boolean isHashCommand() {
        return keyword.startsWith("#");
    }
}
