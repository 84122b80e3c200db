package dev.leanagent.model.tokenizer;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * The piece table of a SentencePiece {@code ModelProto}, read in Java. The native library aborts the
 * JVM on an out-of-range id and has no call for the vocabulary size, and its decoder mangles
 * characters outside the BMP; reading the pieces here lets us check ids, size the vocabulary and
 * decode without it. Parsing the protobuf ourselves also rejects a file that is not a model before
 * the native code sees it.
 */
final class SentencePieceVocabulary {

    // SentencePiece.Type from sentencepiece_model.proto; a piece without the field is NORMAL.
    static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5, BYTE = 6;

    private final String[] pieces;
    private final byte[] types;

    private SentencePieceVocabulary(String[] pieces, byte[] types) {
        this.pieces = pieces;
        this.types = types;
    }

    int size() {
        return pieces.length;
    }

    String piece(int id) {
        return pieces[id];
    }

    int type(int id) {
        return types[id];
    }

    /** The id of the first piece with exactly this text, or -1. */
    int idOf(String piece) {
        for (int id = 0; id < pieces.length; id++) {
            if (pieces[id].equals(piece)) return id;
        }
        return -1;
    }

    /** The byte a BYTE piece such as {@code <0x0A>} stands for. */
    int byteValue(int id) {
        return Integer.parseInt(pieces[id].substring(3, 5), 16);
    }

    /** @throws IllegalArgumentException with a reason when the bytes are not a ModelProto with pieces */
    static SentencePieceVocabulary parse(byte[] model) {
        ProtoReader top = new ProtoReader(model, 0, model.length);
        java.util.List<String> pieces = new java.util.ArrayList<>();
        java.util.List<Integer> types = new java.util.ArrayList<>();
        while (top.hasMore()) {
            int tag = top.varint32();
            if (tag >>> 3 == 1 && (tag & 7) == 2) { // repeated SentencePiece pieces = 1
                ProtoReader p = top.message();
                String text = null;
                int type = NORMAL;
                while (p.hasMore()) {
                    int t = p.varint32();
                    if (t >>> 3 == 1 && (t & 7) == 2) text = p.utf8();
                    else if (t >>> 3 == 3 && (t & 7) == 0) type = p.varint32();
                    else p.skip(t);
                }
                if (text == null || text.isEmpty()) throw new IllegalArgumentException("piece " + pieces.size() + " has no text");
                if (type < NORMAL || type > BYTE) throw new IllegalArgumentException("piece " + pieces.size() + " has unknown type " + type);
                if (type == BYTE && !text.matches("<0x[0-9A-F]{2}>")) throw new IllegalArgumentException("byte piece " + text);
                pieces.add(text);
                types.add(type);
            } else {
                top.skip(tag);
            }
        }
        if (pieces.isEmpty()) throw new IllegalArgumentException("no pieces");
        byte[] t = new byte[types.size()];
        for (int i = 0; i < t.length; i++) t[i] = (byte) (int) types.get(i);
        return new SentencePieceVocabulary(pieces.toArray(new String[0]), t);
    }

    /** Just enough of the protobuf wire format to walk messages; every read is bounds-checked. */
    private static final class ProtoReader {
        private final byte[] b;
        private int pos;
        private final int end;

        ProtoReader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw new IllegalArgumentException("truncated varint at byte " + pos);
                int x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw new IllegalArgumentException("malformed varint at byte " + pos);
        }

        int varint32() {
            long v = varint();
            if (v < 0 || v > Integer.MAX_VALUE) throw new IllegalArgumentException("varint out of range at byte " + pos);
            return (int) v;
        }

        private int length() {
            int n = varint32();
            if (n > end - pos) throw new IllegalArgumentException("length " + n + " runs past the end at byte " + pos);
            return n;
        }

        ProtoReader message() {
            int n = length();
            ProtoReader r = new ProtoReader(b, pos, pos + n);
            pos += n;
            return r;
        }

        String utf8() {
            int n = length();
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("invalid UTF-8 in a piece at byte " + pos);
            }
        }

        void skip(int tag) {
            if (tag >>> 3 == 0) throw new IllegalArgumentException("field number 0 at byte " + pos);
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " at byte " + pos);
            }
        }

        private void advance(int n) {
            if (n > end - pos) throw new IllegalArgumentException("field runs past the end at byte " + pos);
            pos += n;
        }
    }
}
