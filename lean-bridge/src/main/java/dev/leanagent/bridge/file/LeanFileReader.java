package dev.leanagent.bridge.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads Lean 3 source files into {@link LeanFile}s without running Lean: a tokenizer, a command
 * splitter and a scope stack for {@code namespace}/{@code section}/{@code end} are enough to find
 * the theorems, their statements and their proofs.
 */
public final class LeanFileReader {

    /** An open {@code namespace} or {@code section}; only namespaces contribute to full names. */
    private record Scope(boolean namespace, String name) {}

    private LeanFileReader() {}

    public static LeanFile read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // NoSuchFileException's own message is only the path; MalformedInputException's has none.
            throw new IOException("cannot read Lean file " + file + ": " + e, e);
        }
        return parse(text, file);
    }

    public static LeanFile parse(String text, Path pathOrNull) {
        List<Token> tokens = LeanLexer.tokenize(text);
        LineIndex lines = new LineIndex(text);
        List<String> imports = new ArrayList<>();
        List<Command> preamble = new ArrayList<>();
        List<Declaration> declarations = new ArrayList<>();
        List<Unclosed> unclosed = new ArrayList<>();
        Deque<Scope> scopes = new ArrayDeque<>();

        for (CommandSplitter.Span span : CommandSplitter.split(text, tokens)) {
            if (Keywords.DECLARATIONS.contains(span.keyword())) {
                Declaration d = DeclarationParser.parse(text, tokens, span, namespaces(scopes), lines);
                declarations.add(d);
                if (span.unclosed() >= 0) unclosed.add(unclosed(text, tokens, span, d.displayName(), lines));
                continue;
            }
            if (span.unclosed() >= 0) unclosed.add(unclosed(text, tokens, span, span.keyword(), lines));
            int start = tokens.get(span.first()).start();
            int end = tokens.get(span.last()).end();
            preamble.add(new Command(span.keyword(), text.substring(start, end), start, end));
            List<Token> args = tokens.subList(span.keywordIndex() + 1, span.last() + 1);
            switch (span.keyword()) {
                case "import" -> imports.addAll(moduleNames(text, args));
                case "namespace" -> scopes.push(new Scope(true, args.isEmpty() ? "" : args.get(0).text()));
                case "section" -> scopes.push(new Scope(false, args.isEmpty() ? "" : args.get(0).text()));
                case "end" -> scopes.poll();
                default -> { }
            }
        }
        return new LeanFile(pathOrNull, text, imports, preamble, declarations, unclosed);
    }

    private static Unclosed unclosed(String text, List<Token> tokens, CommandSplitter.Span span, String command,
                                     LineIndex lines) {
        Token opener = tokens.get(span.unclosed());
        String until = span.last() + 1 < tokens.size()
                ? "`" + tokens.get(span.last() + 1).text() + "` at line " + lines.lineOf(tokens.get(span.last() + 1).start())
                : "the end of the file";
        return new Unclosed(command, opener.text(), opener.start(), lines.lineOf(opener.start()),
                lines.columnOf(opener.start()), until);
    }

    /**
     * The modules named by the {@code import} commands at the top of a file, without parsing the
     * rest: Lean 3 takes imports only before any other command.
     */
    public static List<String> importsOf(String text) {
        List<Token> tokens = LeanLexer.tokenize(text);
        List<String> imports = new ArrayList<>();
        for (CommandSplitter.Span span : CommandSplitter.split(text, tokens)) {
            if (!span.keyword().equals("import")) break;
            imports.addAll(moduleNames(text, tokens.subList(span.keywordIndex() + 1, span.last() + 1)));
        }
        return imports;
    }

    private static List<String> namespaces(Deque<Scope> scopes) {
        List<String> out = new ArrayList<>();
        scopes.descendingIterator().forEachRemaining(s -> {
            if (s.namespace() && !s.name().isEmpty()) out.add(s.name());
        });
        return out;
    }

    /**
     * The names after {@code import}: Lean reads names up to the first other token, such as a
     * module doc comment ({@code /-! … -/}, a command to Lean, skipped by our lexer). Our command
     * splitter does not know user commands ({@code def_replacer obviously} after the doc comment
     * in mathlib's tactic/obviously.lean), so without this they would read as imports.
     */
    private static List<String> moduleNames(String text, List<Token> args) {
        int end = 0;
        while (end < args.size()) {
            Token t = args.get(end);
            boolean name = t.kind() == Token.Kind.IDENT
                    || t.kind() == Token.Kind.SYMBOL && t.text().chars().allMatch(c -> c == '.');
            boolean afterModuleDoc = end > 0 && text.substring(args.get(end - 1).end(), t.start()).contains("/-!");
            if (!name || afterModuleDoc) break;
            end++;
        }
        return joinAdjacent(args.subList(0, end));
    }

    /** Relative imports ({@code import .foo}, {@code ..bar.baz}) arrive as several touching tokens. */
    private static List<String> joinAdjacent(List<Token> args) {
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        int lastEnd = -1;
        for (Token t : args) {
            if (name.length() > 0 && t.start() != lastEnd) {
                names.add(name.toString());
                name.setLength(0);
            }
            name.append(t.text());
            lastEnd = t.end();
        }
        if (name.length() > 0) names.add(name.toString());
        return names;
    }
}
