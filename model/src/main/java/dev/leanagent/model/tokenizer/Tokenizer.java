package dev.leanagent.model.tokenizer;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The InternLM2 SentencePiece model plus the special markers its prompts are written with.
 * SentencePiece alone would spell {@code <|im_start|>} as ordinary characters, so {@link #encode}
 * cuts the markers out first and encodes only the text between them, as the Hugging Face tokenizer
 * of InternLM2 does. Thread-safe; encoding runs in native code (DJL's SentencePiece JNI).
 */
public final class Tokenizer implements AutoCloseable {

    // No marker is a prefix of another, so the first one that matches at a position is the only one.
    private final Map<String, Integer> markers;
    private final int bos, eos, imStart, imEnd;
    private final SentencePieceVocabulary vocab;
    private final PieceDecoder decoder;
    private final SpTokenizer sentencePiece;
    private final SpProcessor processor;
    // The native encoder reads freed memory after close (a JVM crash, not an exception), so close
    // waits for running encodes and later ones are refused.
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private Tokenizer(SentencePieceVocabulary vocab, SpTokenizer nativeTokenizer, Path file) {
        this.vocab = vocab;
        this.sentencePiece = nativeTokenizer;
        this.processor = nativeTokenizer.getProcessor();
        this.bos = required(vocab, file, "<s>");
        this.eos = required(vocab, file, "</s>");
        this.imStart = chatMarker(vocab, file, "<|im_start|>", "[UNUSED_TOKEN_146]");
        this.imEnd = chatMarker(vocab, file, "<|im_end|>", "[UNUSED_TOKEN_145]");
        this.markers = new LinkedHashMap<>();
        markers.put("<s>", bos);
        markers.put("</s>", eos);
        markers.put("<|im_start|>", imStart);
        markers.put("<|im_end|>", imEnd);
        this.decoder = new PieceDecoder(vocab, Set.of(bos, eos, imStart, imEnd));
    }

    /**
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, not a
     *     SentencePiece model, or lacks the BOS/EOS/chat-marker pieces
     */
    public static Tokenizer load(Path modelFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot read SentencePiece model " + modelFile.toAbsolutePath() + ": " + e, e);
        }
        SentencePieceVocabulary vocab;
        try {
            vocab = SentencePieceVocabulary.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a SentencePiece model: " + modelFile.toAbsolutePath() + " (" + e.getMessage() + ")", e);
        }
        SpTokenizer nativeTokenizer;
        try {
            nativeTokenizer = new SpTokenizer(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SentencePiece rejected the model " + modelFile.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        try {
            return new Tokenizer(vocab, nativeTokenizer, modelFile);
        } catch (RuntimeException e) {
            nativeTokenizer.close();
            throw e;
        }
    }

    private static int required(SentencePieceVocabulary vocab, Path file, String piece) {
        int id = vocab.idOf(piece);
        if (id < 0) throw new IllegalArgumentException("SentencePiece model " + file.toAbsolutePath() + " has no piece " + piece);
        return id;
    }

    // InternLM2 keeps its chat markers in reserved slots named [UNUSED_TOKEN_n]; a model that
    // spells the marker itself is taken as it is.
    private static int chatMarker(SentencePieceVocabulary vocab, Path file, String marker, String internLm2Slot) {
        int id = vocab.idOf(marker);
        return id >= 0 ? id : required(vocab, file, internLm2Slot);
    }

    /** Ids of the text, with no BOS added; markers in the text become their ids. */
    public int[] encode(String text) {
        IdBuffer out = new IdBuffer(text.length() / 2 + 4);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            int start = 0;
            int at = text.indexOf('<');
            while (at >= 0) {
                String marker = markerAt(text, at);
                if (marker == null) {
                    at = text.indexOf('<', at + 1);
                    continue;
                }
                encodePlain(text.substring(start, at), out);
                out.add(markers.get(marker));
                start = at + marker.length();
                at = text.indexOf('<', start);
            }
            encodePlain(text.substring(start), out);
        } finally {
            lifecycle.readLock().unlock();
        }
        return out.toArray();
    }

    private String markerAt(String text, int at) {
        for (String m : markers.keySet()) {
            if (text.startsWith(m, at)) return m;
        }
        return null;
    }

    private void encodePlain(String segment, IdBuffer out) {
        if (!segment.isEmpty()) out.addAll(processor.encode(segment));
    }

    /** Text of generated ids: BOS, EOS and the chat markers are dropped. */
    public String decode(int[] ids) {
        return decoder.decode(ids);
    }

    public int bos() {
        return bos;
    }

    public int eos() {
        return eos;
    }

    public int imStart() {
        return imStart;
    }

    public int imEnd() {
        return imEnd;
    }

    public int vocabSize() {
        return vocab.size();
    }

    /**
     * The piece as the model file spells it ({@code ▁the}, {@code <0x0A>}), except that the chat
     * markers are given as {@code <|im_start|>}/{@code <|im_end|>}, the text {@link #encode} maps to them.
     */
    public String piece(int id) {
        checkId(id);
        if (id == imStart) return "<|im_start|>";
        if (id == imEnd) return "<|im_end|>";
        return vocab.piece(id);
    }

    /**
     * Every id whose own decoded text contains {@code s}, ascending. A byte piece alone is text only
     * below 0x80 (so {@code <0x0A>} contains a newline); the special ids decode to nothing.
     */
    public int[] idsWhosePieceContains(String s) {
        if (s.isEmpty()) throw new IllegalArgumentException("every piece contains the empty string");
        IdBuffer out = new IdBuffer(16);
        for (int id = 0; id < vocab.size(); id++) {
            if (decoder.text(id).contains(s)) out.add(id);
        }
        return out.toArray();
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocab.size() + ")");
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("tokenizer is closed");
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                sentencePiece.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** A growable int[]; boxing every id of a long prompt would be wasteful. */
    private static final class IdBuffer {
        private int[] a;
        private int n;

        IdBuffer(int capacity) {
            a = new int[Math.max(capacity, 4)];
        }

        void add(int id) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = id;
        }

        void addAll(int[] ids) {
            if (n + ids.length > a.length) a = Arrays.copyOf(a, Math.max(n + ids.length, n * 2));
            System.arraycopy(ids, 0, a, n, ids.length);
            n += ids.length;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
