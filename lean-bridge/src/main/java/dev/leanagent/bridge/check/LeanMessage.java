package dev.leanagent.bridge.check;

import com.fasterxml.jackson.databind.JsonNode;

/** One message of {@code lean --json}: severity, position (1-based line, 0-based column), caption and text. */
record LeanMessage(String severity, int line, int column, String caption, String text) {

    static LeanMessage of(JsonNode n) {
        return new LeanMessage(n.path("severity").asText(), n.path("pos_line").asInt(), n.path("pos_col").asInt(),
                n.path("caption").asText(), n.path("text").asText());
    }

    /** {@code line 3:23}, as an editor shows a position. */
    String position() {
        return "line " + line + ":" + column;
    }

    boolean isError() {
        return severity.equals("error");
    }

    String firstLine() {
        return text.lines().findFirst().orElse("").strip();
    }
}
