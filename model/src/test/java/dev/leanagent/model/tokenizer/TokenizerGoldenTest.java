package dev.leanagent.model.tokenizer;

import dev.leanagent.model.testing.TestTokenizers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ids against golden/tokenizer-ids.json, written by src/test/python/tokenizer_golden.py with
 * Debian's python3-sentencepiece: a second SentencePiece build, and a second marker splitter.
 */
class TokenizerGoldenTest {

    private static final String SUITE = "TokenizerGoldenTest";
    private static final JsonNode GOLDEN = readGolden();

    private Tokenizer tokenizer;

    @BeforeEach
    void load() {
        tokenizer = TestTokenizers.sharedOrSkip(SUITE);
    }

    private static JsonNode readGolden() {
        try (InputStream in = TokenizerGoldenTest.class.getResourceAsStream("/golden/tokenizer-ids.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<JsonNode> rows(String key) {
        return StreamSupport.stream(GOLDEN.get(key).spliterator(), false);
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    static Stream<Arguments> cases() {
        return rows("cases").map(c -> Arguments.of(c.get("name").asText(), c.get("text").asText(), ints(c.get("ids"))));
    }

    static Stream<Arguments> prompts() {
        return rows("prompts").map(p -> Arguments.of(p.get("template").asText(), p.get("state").asText(),
                p.get("text").asText(), ints(p.get("ids"))));
    }

    @Test
    void goldenWasMadeFromThisModel() throws Exception {
        byte[] model = Files.readAllBytes(TestTokenizers.modelFile());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        assertEquals(GOLDEN.get("model_sha256").asText(), sha, "model file differs from the one the golden ids came from");
        assertEquals(GOLDEN.get("vocab_size").asInt(), tokenizer.vocabSize());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesLikeReference(String name, String text, int[] ids) {
        assertArrayEquals(ids, tokenizer.encode(text));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesBackToTheTextLessMarkers(String name, String text, int[] ids) {
        String withoutMarkers = text.replace("<|im_start|>", "").replace("<|im_end|>", "")
                .replace("</s>", "").replace("<s>", "");
        assertEquals(withoutMarkers, tokenizer.decode(tokenizer.encode(text)));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("prompts")
    void renderedPromptsMatchReference(String template, String state, String text, int[] ids) {
        String prompt = PromptTemplates.byName(template).render(state);
        assertEquals(text, prompt);
        int[] encoded = tokenizer.encode(prompt);
        assertArrayEquals(ids, encoded);
        assertEquals(tokenizer.bos(), encoded[0]);
        assertEquals(1, Arrays.stream(encoded).filter(id -> id == tokenizer.bos()).count(), "exactly one BOS");
    }

    @Test
    void newlineIdsMatchReference() {
        int[] newline = tokenizer.idsWhosePieceContains("\n");
        assertArrayEquals(ints(GOLDEN.get("newline_ids")), newline);
        int[] encoded = tokenizer.encode("\n");
        assertEquals(1, encoded.length);
        assertTrue(Arrays.binarySearch(newline, encoded[0]) >= 0, "the id of \"\\n\" is a stop id");
        assertEquals("<0x0A>", tokenizer.piece(13));
        assertTrue(Arrays.binarySearch(newline, 13) >= 0, "the byte piece <0x0A> is a stop id");
    }
}
