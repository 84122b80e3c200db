package dev.leanagent.agent.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The trace codec (search/TRACES.md): snake_case JSON lines, and the names of trace files. */
public final class TraceFormat {

    private static final ObjectMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectWriter WRITER = JSON.writerFor(TraceLine.class);
    /** What a part of a file name keeps as it is; '-' is left out because it separates the parts. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.]");
    private static final int LONGEST_PART = 100;

    /** A complete trace file ends so; one still being written (or cut off by a crash) ends {@code .part}. */
    public static final String SUFFIX = ".jsonl";

    private TraceFormat() {
    }

    /** The mapper of the format (snake_case), for files that go with traces, such as training pairs. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The line as written (no newline). */
    public static String write(TraceLine line) throws JsonProcessingException {
        return WRITER.writeValueAsString(line);
    }

    /** A line read back; {@link JsonProcessingException} when it is not a trace line. */
    public static TraceLine read(String json) throws JsonProcessingException {
        return JSON.readValue(json, TraceLine.class);
    }

    /**
     * {@code FILESTEM-THEOREM-ATTEMPT.jsonl}, e.g. {@code core-examples.two_add_two-1.jsonl}: each
     * part keeps letters, digits, '_' and '.', anything else becomes '_' and the part then ends in
     * {@code _h} and 8 hex digits of the original's SHA-256, so distinct names stay distinct files.
     */
    public static String fileName(String file, String theorem, int attempt) {
        String base = java.nio.file.Path.of(file).getFileName().toString();
        String stem = base.endsWith(".lean") ? base.substring(0, base.length() - ".lean".length()) : base;
        return safe(stem) + "-" + safe(theorem) + "-" + attempt + SUFFIX;
    }

    static String safe(String part) {
        String s = UNSAFE.matcher(part).replaceAll("_");
        if (s.startsWith(".")) s = "_" + s.substring(1); // no hidden files
        if (s.length() > LONGEST_PART) s = s.substring(0, LONGEST_PART);
        return s.equals(part) && !s.isEmpty() ? s : s + "_h" + hash(part);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
