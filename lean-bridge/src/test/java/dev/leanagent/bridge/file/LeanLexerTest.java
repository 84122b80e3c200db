package dev.leanagent.bridge.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeanLexerTest {

    private static List<String> texts(String src) {
        return LeanLexer.tokenize(src).stream().map(Token::text).toList();
    }

    @Test
    void identifiersKeepPrimesSubscriptsAndDots() {
        assertEquals(List.of("h'", "x₁", "nat.succ_le_iff", "h₀", "'a'", "α"),
                texts("h' x₁ nat.succ_le_iff h₀ 'a' α"));
    }

    @Test
    void charLiteralIsOneStringToken() {
        List<Token> toks = LeanLexer.tokenize("f 'a' '\\n' x");
        assertEquals(Token.Kind.STRING, toks.get(1).kind());
        assertEquals("'\\n'", toks.get(2).text());
        assertEquals("x", toks.get(3).text());
    }

    @Test
    void nestedBlockCommentsAndLineCommentsVanish() {
        assertEquals(List.of("a", "b"), texts("a /- outer /- inner theorem -/ still comment := -/ -- end\nb"));
    }

    @Test
    void docCommentAndStringsAreTokensButNotWords() {
        List<Token> toks = LeanLexer.tokenize("/-- the theorem -/ \"end := theorem\" :=");
        assertEquals(Token.Kind.DOC_COMMENT, toks.get(0).kind());
        assertEquals(Token.Kind.STRING, toks.get(1).kind());
        assertEquals("\"end := theorem\"", toks.get(1).text());
        assertTrue(toks.get(2).is(":="));
        assertEquals(3, toks.size());
    }

    @Test
    void quotedNamesAreSingleIdentifiersAndNeverKeywords() {
        List<Token> toks = LeanLexer.tokenize("set_basic_attribute `instance ``(x) `[simp] ``foo.bar");
        assertEquals(List.of("set_basic_attribute", "`instance", "`", "`", "(", "x", ")", "`", "[", "simp", "]",
                "``foo.bar"), toks.stream().map(Token::text).toList());
        assertFalse(toks.get(1).is("instance"));
    }

    @Test
    void binderSymbolsAreNotIdentifiers() {
        assertEquals(List.of("Π", "x", ",", "λ", "y", ",", "y"), texts("Π x, λ y, y"));
    }
}
