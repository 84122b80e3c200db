package dev.leanagent.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Ids back to text, in Java: the native decoder returns characters outside the BMP (emoji, some
 * math letters) as garbage through JNI. Follows SentencePiece's rules for a model without a dummy
 * prefix: control pieces vanish, {@code ▁} is a space, runs of byte pieces are UTF-8.
 */
final class PieceDecoder {

    private static final char SPACE_SYMBOL = '\u2581';
    // SentencePiece's surface for <unk>.
    private static final String UNK_SURFACE = " \u2047 ";

    private final SentencePieceVocabulary vocab;
    private final Set<Integer> silent;
    /** What each id alone decodes to; a byte of a multi-byte character alone is no text. */
    private final String[] texts;

    PieceDecoder(SentencePieceVocabulary vocab, Set<Integer> silent) {
        this.vocab = vocab;
        this.silent = silent;
        this.texts = new String[vocab.size()];
        for (int id = 0; id < texts.length; id++) {
            if (vocab.type(id) == SentencePieceVocabulary.BYTE) {
                int b = vocab.byteValue(id);
                texts[id] = b < 0x80 ? String.valueOf((char) b) : "";
            } else {
                texts[id] = surface(id);
            }
        }
    }

    private String surface(int id) {
        if (silent.contains(id) || vocab.type(id) == SentencePieceVocabulary.CONTROL) return "";
        if (vocab.type(id) == SentencePieceVocabulary.UNKNOWN) return UNK_SURFACE;
        return vocab.piece(id).replace(SPACE_SYMBOL, ' ');
    }

    String text(int id) {
        return texts[id];
    }

    String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= texts.length) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + texts.length + ")");
            }
            if (vocab.type(id) == SentencePieceVocabulary.BYTE) {
                bytes.write(vocab.byteValue(id));
                continue;
            }
            flush(bytes, out);
            out.append(texts[id]);
        }
        flush(bytes, out);
        return out.toString();
    }

    // Malformed or cut-off sequences (a generation stopped mid-character) become U+FFFD.
    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) return;
        out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        bytes.reset();
    }
}
