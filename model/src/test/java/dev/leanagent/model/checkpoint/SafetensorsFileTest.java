package dev.leanagent.model.checkpoint;

import dev.leanagent.model.testing.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading what {@link SafetensorsWriter} (and hand-written headers) put into a file. */
class SafetensorsFileTest {
    @TempDir
    Path tmp;

    // Edge values too: a byte-order or offset mistake would scramble exactly these bit patterns.
    private static final float[] A = {1.5f, -0.0f, Float.MIN_VALUE, 3.0e38f, -2.25f, 1e-3f};
    private static final float[] B = {0.1f, -7f, 65504f, Float.NaN};
    private static final float[] SCALAR = {42f};

    private Path writeThree(SafetensorsWriter.Type type) throws IOException {
        Path file = tmp.resolve("three-" + type + ".safetensors");
        new SafetensorsWriter()
                .put("layer.a", new long[] {2, 3}, A)
                .put("layer.b", new long[] {4}, B)
                .put("scalar", new long[] {}, SCALAR)
                .write(file, type);
        return file;
    }

    @Test
    void readsNamesTypesAndShapesInHeaderOrder() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(writeThree(SafetensorsWriter.Type.BF16))) {
            assertEquals(List.of("layer.a", "layer.b", "scalar"), List.copyOf(f.tensors().keySet()));
            TensorEntry a = f.tensors().get("layer.a");
            assertEquals(StorageType.BF16, a.type());
            assertArrayEquals(new long[] {2, 3}, a.shape());
            assertEquals(6, a.elements());
            assertEquals(12, a.byteSize());
            assertArrayEquals(new long[] {4}, f.tensors().get("layer.b").shape());
            // A rank-0 tensor has one element, not zero.
            TensorEntry s = f.tensors().get("scalar");
            assertArrayEquals(new long[] {}, s.shape());
            assertEquals(1, s.elements());
            assertEquals(2, s.byteSize());
            assertTrue(f.metadata().isEmpty());
        }
    }

    @Test
    void readsMetadataAndKeepsItOutOfTheTensors() throws IOException {
        Path file = CheckpointFiles.writeRaw(tmp.resolve("meta.safetensors"),
                "{\"__metadata__\":{\"format\":\"pt\",\"source\":\"unit test\"},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                new byte[8]);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt", "source", "unit test"), f.metadata());
            assertEquals(List.of("w"), List.copyOf(f.tensors().keySet()));
        }
    }

    @Test
    void mappedF32BytesAreTheWrittenFloats() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(writeThree(SafetensorsWriter.Type.F32))) {
            // The second and third tensors catch a mapping that forgets the header or the begin offset.
            assertF32(A, f.map(f.tensors().get("layer.a")));
            assertF32(B, f.map(f.tensors().get("layer.b")));
            assertF32(SCALAR, f.map(f.tensors().get("scalar")));
        }
    }

    @Test
    void mappedBf16BytesAreTheRoundedUpperHalves() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(writeThree(SafetensorsWriter.Type.BF16))) {
            assertBf16(A, f.map(f.tensors().get("layer.a")));
            assertBf16(B, f.map(f.tensors().get("layer.b")));
            assertBf16(SCALAR, f.map(f.tensors().get("scalar")));
        }
    }

    @Test
    void headerPaddedWithSpacesIsRead() throws IOException {
        // The Python writer pads the header with spaces so that the data starts 8-byte aligned.
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        header += " ".repeat(8 - header.length() % 8 + 8);
        Path file = CheckpointFiles.writeRaw(tmp.resolve("padded.safetensors"), header, new byte[] {0, 0, (byte) 0x80, 0x3F});
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(1.0f, f.map(f.tensors().get("w")).getFloat(0));
        }
    }

    @Test
    void fileShorterThanTheLengthPrefixIsRefused() throws IOException {
        Path file = Files.write(tmp.resolve("short.safetensors"), new byte[] {1, 2, 3, 4, 5});
        assertRefused(file, "not a safetensors file", "only 5 bytes");
    }

    @Test
    void absurdHeaderLengthIsRefused() throws IOException {
        // 1 TiB of header in a file of a few bytes: a corrupt file or some other format.
        Path file = tmp.resolve("absurd.safetensors");
        byte[] bytes = new byte[32];
        java.nio.ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Files.write(file, bytes);
        assertRefused(file, "not a safetensors file", "header length 1099511627776", "32 bytes");
    }

    @Test
    void negativeHeaderLengthIsRefused() throws IOException {
        // A pickle or zip starts with bytes that read as a huge unsigned, i.e. negative signed, length.
        Path file = Files.write(tmp.resolve("neg.safetensors"),
                new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, '{', '}'});
        assertRefused(file, "not a safetensors file", "header length -1");
    }

    @Test
    void headerLongerThanTheFileIsRefused() throws IOException {
        Path file = tmp.resolve("cut-header.safetensors");
        CheckpointFiles.writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(20);
        }
        assertRefused(file, "header length", "file of 20 bytes");
    }

    @Test
    void headerThatIsAJsonArrayIsRefused() throws IOException {
        Path file = CheckpointFiles.writeRaw(tmp.resolve("array.safetensors"), "[1, 2, 3]", new byte[0]);
        assertRefused(file, "header is not a JSON object");
    }

    @Test
    void headerThatIsNotJsonIsRefused() throws IOException {
        Path file = CheckpointFiles.writeRaw(tmp.resolve("garbage.safetensors"), "PK\u0003\u0004 not json", new byte[0]);
        assertRefused(file, "header is not valid JSON");
    }

    @Test
    void truncatedDataIsRefusedNamingTheTensorCut() throws IOException {
        Path file = writeThree(SafetensorsWriter.Type.F32);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(c.size() - 2); // half of the scalar, the last tensor, is gone
        }
        CheckpointException e = assertRefused(file, "tensor scalar", "outside the data area", "truncated");
        assertFalse(e.getMessage().contains("layer.b"), e.getMessage());
    }

    @Test
    void byteSizeNotMatchingTheShapeIsRefused() throws IOException {
        Path file = CheckpointFiles.writeRaw(tmp.resolve("size.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
        assertRefused(file, "tensor w", "12 bytes for 4 elements of F32");
    }

    @Test
    void shapeWhoseByteSizeOverflowsIsRefused() throws IOException {
        // 2^62 F32 elements are 2^64 bytes, which wraps to 0 in a long and so "matched" [0, 0).
        Path file = CheckpointFiles.writeRaw(tmp.resolve("wrap.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}", new byte[0]);
        assertRefused(file, "tensor w", "too large");
    }

    @Test
    void shapeWhoseElementCountOverflowsIsRefused() throws IOException {
        // Without a check this surfaced as a bare ArithmeticException naming no file.
        Path file = CheckpointFiles.writeRaw(tmp.resolve("huge.safetensors"),
                "{\"w\":{\"dtype\":\"BF16\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", new byte[0]);
        assertRefused(file, "tensor w", "too large");
    }

    @Test
    void unknownDtypeIsRefused() throws IOException {
        Path file = CheckpointFiles.writeRaw(tmp.resolve("fp8.safetensors"),
                "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[4]);
        assertRefused(file, "tensor w", "unsupported tensor dtype F8_E4M3");
    }

    @Test
    void entryWithoutOffsetsIsRefused() throws IOException {
        Path file = CheckpointFiles.writeRaw(tmp.resolve("nooffsets.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]);
        assertRefused(file, "tensor w", "lacks shape or data_offsets");
    }

    @Test
    void missingFileIsRefused() {
        assertRefused(tmp.resolve("absent.safetensors"), "cannot open");
    }

    private static CheckpointException assertRefused(Path file, String... reasons) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file).close());
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message should name " + file + ": " + m);
        for (String r : reasons) {
            assertTrue(m.contains(r), "message should say '" + r + "': " + m);
        }
        return e;
    }

    private static void assertF32(float[] expected, MappedByteBuffer b) {
        assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
        assertEquals(expected.length * 4, b.remaining());
        for (int i = 0; i < expected.length; i++) {
            // Raw bits, so -0.0 and NaN are compared exactly too.
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(b.getFloat(i * 4)), "element " + i);
        }
    }

    private static void assertBf16(float[] expected, MappedByteBuffer b) {
        assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
        assertEquals(expected.length * 2, b.remaining());
        for (int i = 0; i < expected.length; i++) {
            short bits = b.getShort(i * 2);
            assertEquals(SafetensorsWriter.toBf16(expected[i]), bits, "element " + i);
            float back = Float.intBitsToFloat((bits & 0xFFFF) << 16);
            if (Float.isFinite(expected[i])) {
                // bfloat16 keeps 8 significant bits: the value is within half an ulp, 2^-9 relative.
                assertEquals(expected[i], back, Math.abs(expected[i]) / 512 + Float.MIN_VALUE, "element " + i);
            }
        }
    }
}
