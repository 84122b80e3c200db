package dev.leanagent.bridge.toolchain;

import dev.leanagent.bridge.file.LeanFileReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The modules a file's imports pull in, found as Lean 3 finds them on its path, and whether each
 * has a compiled {@code .olean}. Lean does not refuse a module without one: it silently elaborates
 * the source in every process that imports it. For mathlib that is hours per process, which a user
 * would otherwise only see as Lean workers that never finish starting.
 *
 * <p>Compiled means the {@code .olean} exists. Staleness is not judged here: Lean compares source
 * hashes, and file times would misjudge oleans unpacked from an archive.
 *
 * @param modules    every module reached, in the order found
 * @param unresolved imports found nowhere on the path, with the file that asked for them
 */
public record ImportClosure(List<Module> modules, List<String> unresolved) {

    /** A module's source (or its {@code .olean} when the source is not there) and whether it is compiled. */
    public record Module(String name, Path file, boolean compiled) {
    }

    public ImportClosure {
        modules = List.copyOf(modules);
        unresolved = List.copyOf(unresolved);
    }

    /**
     * @param imports    the importing file's imports
     * @param importer   the importing file, for relative imports ({@code import .foo})
     * @param searchPath Lean's path: its core library first, then the user's directories
     */
    public static ImportClosure of(List<String> imports, Path importer, List<Path> searchPath) throws IOException {
        Map<Path, Module> found = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        Deque<Request> todo = new ArrayDeque<>();
        imports.forEach(i -> todo.add(new Request(i, importer)));
        while (!todo.isEmpty()) {
            Request r = todo.poll();
            Optional<Path> file = locate(r.name(), r.from(), searchPath);
            if (file.isEmpty()) {
                unresolved.add(r.name() + " (imported by " + r.from() + ")");
                continue;
            }
            Path f = file.get().toAbsolutePath().normalize();
            if (found.containsKey(f)) continue;
            boolean source = f.toString().endsWith(".lean");
            Path olean = source ? sibling(f, ".olean") : f;
            found.put(f, new Module(r.name(), f, Files.isRegularFile(olean)));
            if (source) {
                for (String i : LeanFileReader.importsOf(Files.readString(f, StandardCharsets.UTF_8))) {
                    todo.add(new Request(i, f));
                }
            }
        }
        return new ImportClosure(new ArrayList<>(found.values()), unresolved);
    }

    public List<Module> uncompiled() {
        return modules.stream().filter(m -> !m.compiled()).toList();
    }

    /**
     * What is missing, for a user: modules not found on Lean's path, and how many modules have no
     * {@code .olean} with the first few named; empty when every module is found and compiled.
     */
    public Optional<String> gaps() {
        List<String> lines = new ArrayList<>();
        if (!unresolved.isEmpty()) {
            lines.add(unresolved.size() + " imported module(s) are not on Lean's path: "
                    + String.join("; ", unresolved.subList(0, Math.min(3, unresolved.size())))
                    + (unresolved.size() > 3 ? "; …" : ""));
        }
        List<Module> missing = uncompiled();
        if (!missing.isEmpty()) {
            lines.add(missing.size() + " of the " + modules.size() + " modules imported have no compiled .olean, e.g. "
                    + String.join(", ", missing.subList(0, Math.min(3, missing.size())).stream()
                    .map(m -> m.name() + " (" + m.file() + ")").toList())
                    + "; Lean would elaborate them from source in every Lean process");
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }

    private record Request(String name, Path from) {
    }

    /** {@code a.b} is {@code a/b.lean} or {@code a/b/default.lean} in the first directory holding either; leading dots are relative. */
    private static Optional<Path> locate(String module, Path importer, List<Path> searchPath) {
        int dots = 0;
        while (dots < module.length() && module.charAt(dots) == '.') dots++;
        String[] parts = module.substring(dots).split("\\.");
        List<Path> roots = new ArrayList<>();
        if (dots > 0) {
            Path base = importer.toAbsolutePath().getParent();
            for (int i = 1; i < dots && base != null; i++) base = base.getParent();
            if (base != null) roots.add(base);
        } else {
            roots.addAll(searchPath);
        }
        for (Path root : roots) {
            Path p = root;
            for (String part : parts) p = p.resolve(part);
            for (Path candidate : List.of(withSuffix(p, ".lean"), p.resolve("default.lean"), withSuffix(p, ".olean"),
                    p.resolve("default.olean"))) {
                if (Files.isRegularFile(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path withSuffix(Path p, String suffix) {
        return p.resolveSibling(p.getFileName() + suffix);
    }

    private static Path sibling(Path lean, String suffix) {
        String name = lean.getFileName().toString();
        return lean.resolveSibling(name.substring(0, name.length() - ".lean".length()) + suffix);
    }
}
