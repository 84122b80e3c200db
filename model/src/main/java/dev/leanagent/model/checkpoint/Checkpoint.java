package dev.leanagent.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Hugging Face checkpoint directory: {@code config.json}, the weights as one
 * {@code model.safetensors} or as shards listed by {@code model.safetensors.index.json}, and the
 * SentencePiece {@code tokenizer.model}.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.model";

    private final Path dir;
    private final ModelConfig config;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> owner;

    private Checkpoint(Path dir, ModelConfig config, List<SafetensorsFile> files) {
        this.dir = dir;
        this.config = config;
        this.files = files;
        Map<String, SafetensorsFile> byName = new HashMap<>();
        for (SafetensorsFile f : files) {
            for (String name : f.tensors().keySet()) {
                SafetensorsFile previous = byName.put(name, f);
                if (previous != null) {
                    throw new CheckpointException("tensor " + name + " is in both " + previous.path() + " and " + f.path());
                }
            }
        }
        this.owner = Collections.unmodifiableMap(byName);
    }

    public static Checkpoint open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + " is not a directory; --model takes a Hugging Face checkpoint "
                    + "directory (config.json, *.safetensors, tokenizer.model)");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException(dir + " has no " + CONFIG + "; is it a Hugging Face checkpoint directory?");
        }
        ModelConfig config = ModelConfig.read(configFile);
        List<Path> weightFiles = weightFiles(dir);
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (Path p : weightFiles) {
                opened.add(SafetensorsFile.open(p));
            }
            return new Checkpoint(dir, config, List.copyOf(opened));
        } catch (RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static List<Path> weightFiles(Path dir) {
        Path single = dir.resolve(SINGLE);
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            return shards(dir, index);
        }
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        if (hasPickleWeights(dir)) {
            throw new CheckpointException(dir + " holds PyTorch pickle weights (*.bin), which are not read here "
                    + "(loading a pickle runs code). Convert once to safetensors with Python:\n"
                    + "  python -c \"from transformers import AutoModelForCausalLM as M; "
                    + "M.from_pretrained('" + dir + "', trust_remote_code=True, torch_dtype='auto')"
                    + ".save_pretrained('" + dir + "-safetensors', safe_serialization=True)\"\n"
                    + "then copy tokenizer.model into the new directory and pass it to --model.");
        }
        throw new CheckpointException(dir + " has neither " + SINGLE + " nor " + INDEX);
    }

    private static List<Path> shards(Path dir, Path index) {
        JsonNode map;
        try {
            map = new ObjectMapper().readTree(Files.readString(index)).path("weight_map");
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + index + ": " + e.getMessage(), e);
        }
        if (!map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index + " has no weight_map");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> files.computeIfAbsent(e.getValue().asText(), dir::resolve));
        for (Path p : files.values()) {
            if (!Files.isRegularFile(p)) {
                throw new CheckpointException(index + " names shard " + p.getFileName()
                        + ", which is missing (incomplete download?)");
            }
        }
        return List.copyOf(files.values());
    }

    private static boolean hasPickleWeights(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".bin") && n.startsWith("pytorch_model");
            });
        } catch (IOException e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    public ModelConfig config() {
        return config;
    }

    /** The SentencePiece model, which must sit beside the weights. */
    public Path tokenizerModel() {
        Path p = dir.resolve(TOKENIZER);
        if (!Files.isRegularFile(p)) {
            throw new CheckpointException(dir + " has no " + TOKENIZER
                    + " (the SentencePiece model of the checkpoint; download it with the weights)");
        }
        return p;
    }

    public Optional<TensorEntry> find(String name) {
        SafetensorsFile f = owner.get(name);
        return f == null ? Optional.empty() : Optional.of(f.tensors().get(name));
    }

    public TensorEntry entry(String name) {
        return find(name).orElseThrow(() -> new CheckpointException(dir + ": tensor " + name
                + " is missing; is this really a " + config.architecture() + " checkpoint?"));
    }

    public MappedByteBuffer map(TensorEntry entry) {
        return owner.get(entry.name()).map(entry);
    }

    public int tensorCount() {
        return owner.size();
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
