package dev.leanagent.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader for the safetensors format: an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>Tensor bytes are memory-mapped, never read into the Java heap: a 7B checkpoint is 15 GB and
 * the page cache, not the heap, is where it should live.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Headers are small JSON; a larger length means a corrupt or non-safetensors file. */
    private static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart,
                            Map<String, TensorEntry> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CheckpointException("cannot open " + path + ": " + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(path + " is not a safetensors file: only " + size + " bytes");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new CheckpointException(path + " is not a safetensors file: header length "
                        + headerLength + " in a file of " + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataStart = 8 + headerLength;
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new CheckpointException(path + " is not a safetensors file: its header is not valid JSON ("
                        + e.getOriginalMessage() + ")", e);
            }
            return parse(path, channel, root, dataStart, size - dataStart);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CheckpointException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel channel, JsonNode root,
                                         long dataStart, long dataSize) {
        if (!root.isObject()) {
            throw new CheckpointException(path + ": safetensors header is not a JSON object");
        }
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String where = path + ", tensor " + name;
            StorageType type = StorageType.parse(node.path("dtype").asText(), where);
            JsonNode shapeNode = node.path("shape");
            JsonNode offsets = node.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new CheckpointException(where + ": header entry lacks shape or data_offsets");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new CheckpointException(where + ": negative or non-numeric dimension");
                }
            }
            TensorEntry entry = new TensorEntry(name, type, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
            if (entry.begin() < 0 || entry.end() < entry.begin() || entry.end() > dataSize) {
                throw new CheckpointException(where + ": byte range [" + entry.begin() + ", " + entry.end()
                        + ") outside the data area of " + dataSize + " bytes (truncated download?)");
            }
            long expectedBytes;
            try {
                expectedBytes = Math.multiplyExact(entry.elements(), type.bytes());
            } catch (ArithmeticException e) {
                throw new CheckpointException(where + ": shape " + Arrays.toString(shape)
                        + " is too large (corrupt header?)");
            }
            if (entry.byteSize() != expectedBytes) {
                throw new CheckpointException(where + ": " + entry.byteSize() + " bytes for "
                        + entry.elements() + " elements of " + type);
            }
            tensors.put(name, entry);
        }
        return new SafetensorsFile(path, channel, dataStart,
                Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    public Path path() {
        return path;
    }

    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor's bytes, mapped read-only; valid while this file is open and the buffer reachable. */
    public MappedByteBuffer map(TensorEntry entry) {
        if (entry.byteSize() > Integer.MAX_VALUE) {
            // A MappedByteBuffer is int-indexed; no tensor of the supported models comes near 2 GiB.
            throw new CheckpointException(path + ", tensor " + entry.name() + ": " + entry.byteSize()
                    + " bytes is more than one mapping can hold (2 GiB)");
        }
        try {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(), entry.byteSize());
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            return buffer;
        } catch (IOException e) {
            throw new CheckpointException("cannot map " + entry.name() + " from " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }
}
