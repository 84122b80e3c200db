package dev.leanagent.bridge.check;

import com.fasterxml.jackson.databind.JsonNode;

/** One message of {@code lean --json}: severity, line, caption and text. */
record LeanMessage(String severity, int line, String caption, String text) {

    static LeanMessage of(JsonNode n) {
        return new LeanMessage(n.path("severity").asText(), n.path("pos_line").asInt(),
                n.path("caption").asText(), n.path("text").asText());
    }

    boolean isError() {
        return severity.equals("error");
    }

    String firstLine() {
        return text.lines().findFirst().orElse("").strip();
    }
}
