package dev.leanagent.model.tokenizer;

import dev.leanagent.model.testing.TestTokenizers;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {

    private static final String SUITE = "TokenizerTest";
    private Tokenizer tokenizer;

    @BeforeEach
    void load() {
        tokenizer = TestTokenizers.sharedOrSkip(SUITE);
    }

    @Test
    void specialIdsAreInternLm2s() {
        assertEquals(1, tokenizer.bos());
        assertEquals(2, tokenizer.eos());
        assertEquals(92543, tokenizer.imStart());
        assertEquals(92542, tokenizer.imEnd());
        assertEquals(92544, tokenizer.vocabSize());
        assertEquals("<s>", tokenizer.piece(1));
        assertEquals("</s>", tokenizer.piece(2));
        assertEquals("<|im_start|>", tokenizer.piece(92543));
        assertEquals("<|im_end|>", tokenizer.piece(92542));
        assertEquals("<0x0A>", tokenizer.piece(13));
    }

    @Test
    void idsOutsideTheVocabularyAreRefusedNotPassedToNativeCode() {
        // The native library aborts the whole JVM on these.
        assertThrows(IllegalArgumentException.class, () -> tokenizer.piece(-1));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.piece(92544));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {264, 92544}));
    }

    @Test
    void decodeDropsSpecialIds() {
        int[] ids = tokenizer.encode("<s><|im_start|>assistant\nsimp<|im_end|></s>");
        assertEquals(tokenizer.bos(), ids[0]);
        assertEquals("assistant\nsimp", tokenizer.decode(ids));
    }

    @Test
    void decodeJoinsByteFallbackIntoCharacters() {
        // ⊢ has no piece of its own: three byte pieces, E2 8A A2.
        int[] ids = tokenizer.encode("⊢ 😀");
        assertArrayEquals(new int[] {229, 141, 165, 262, 243, 162, 155, 131}, ids);
        assertEquals("⊢ 😀", tokenizer.decode(ids));
        // A generation cut mid-character gives a replacement character, not an exception.
        assertEquals("a\uFFFD", tokenizer.decode(new int[] {264, 229, 141}));
    }

    @Test
    void literalPieceNamesOfTheMarkerSlotsStillEncodeToThem() {
        // SentencePiece matches user-defined pieces in raw text; the reference encoder does the same.
        assertArrayEquals(new int[] {92543}, tokenizer.encode("[UNUSED_TOKEN_146]"));
    }

    @Test
    void stopIdsIncludeEveryPieceWithANewline() {
        int[] ids = tokenizer.idsWhosePieceContains("\n");
        for (int id : ids) assertTrue(tokenizer.decode(new int[] {id}).contains("\n"), tokenizer.piece(id));
        // Most of them carry text before the newline: a stop id is not a bare line break.
        int[] commaNewline = tokenizer.encode(",\n");
        assertEquals(1, commaNewline.length);
        assertTrue(Arrays.binarySearch(ids, commaNewline[0]) >= 0);
        assertThrows(IllegalArgumentException.class, () -> tokenizer.idsWhosePieceContains(""));
    }

    @Test
    void concurrentEncodesAgree() throws Exception {
        String state = "x y : ℝ,\nh₀ : x + y = 10\n⊢ x = 10 - y";
        int[] expected = tokenizer.encode(state);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) results.add(pool.submit(() -> tokenizer.encode(state)));
            for (Future<int[]> r : results) assertArrayEquals(expected, r.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedTokenizerRefusesToEncode() {
        Tokenizer own = Tokenizer.load(TestTokenizers.modelFile());
        assertEquals(1, own.encode("a").length);
        own.close();
        own.close();
        // After close the native encoder would read freed memory and crash the JVM.
        assertThrows(IllegalStateException.class, () -> own.encode("a"));
    }
}
