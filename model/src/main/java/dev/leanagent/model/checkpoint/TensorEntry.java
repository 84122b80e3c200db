package dev.leanagent.model.checkpoint;

import java.util.Arrays;

/** One tensor of a safetensors file: where its bytes lie, relative to the start of the data area. */
public record TensorEntry(String name, StorageType type, long[] shape, long begin, long end) {

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteSize() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape);
    }
}
