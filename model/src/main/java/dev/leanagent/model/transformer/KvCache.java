package dev.leanagent.model.transformer;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Keys and values of every layer for the tokens seen so far, in buffers allocated once for the
 * whole generation ([B, kvHeads, capacity, headDim]) so that a decode step copies one column in
 * instead of concatenating the whole history. {@code valid} marks real tokens: false for the left
 * padding of shorter prompts in a batch.
 *
 * <p>The cache outlives the per-step {@link PointerScope}s of its callers, so every buffer it
 * keeps is taken out of the caller's scope and freed by {@link #close()}.
 */
public final class KvCache implements AutoCloseable {
    private final Tensor[] keys;
    private final Tensor[] values;
    private Tensor valid;
    private final long capacity;
    private long length;

    KvCache(int layers, long batch, int kvHeads, long capacity, int headDim, TensorOptions options) {
        this.keys = new Tensor[layers];
        this.values = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = own(torch.zeros(new long[] {batch, kvHeads, capacity, headDim}, options));
            values[l] = own(torch.zeros(new long[] {batch, kvHeads, capacity, headDim}, options));
        }
        this.valid = own(torch.zeros(new long[] {batch, capacity},
                new TensorOptions(torch.ScalarType.Bool).device(new DeviceOptional(options.device()))));
        this.capacity = capacity;
    }

    public long length() {
        return length;
    }

    public long batch() {
        return valid.size(0);
    }

    void ensureRoom(long tokens) {
        if (length + tokens > capacity) {
            throw new IllegalStateException("KV cache holds " + capacity + " tokens; "
                    + length + " + " + tokens + " requested");
        }
    }

    /** Writes this step's keys and values for one layer; returns all keys and values so far. */
    Tensor[] append(int layer, Tensor k, Tensor v) {
        long t = k.size(2);
        keys[layer].narrow(2, length, t).copy_(k);
        values[layer].narrow(2, length, t).copy_(v);
        return new Tensor[] {keys[layer].narrow(2, 0, length + t), values[layer].narrow(2, 0, length + t)};
    }

    /** Records which of this step's tokens are real; returns the mask of all keys so far. */
    Tensor markValid(Tensor stepValid) {
        long t = stepValid.size(1);
        valid.narrow(1, length, t).copy_(stepValid);
        return valid.narrow(1, 0, length + t);
    }

    void advance(long tokens) {
        length += tokens;
    }

    /**
     * Row i becomes old row {@code rows[i]}; the batch may grow or shrink. Beam search follows
     * surviving beams with it, sampling fans one prefilled prompt out to n samples.
     */
    public void select(long[] rows) {
        Tensor index = own(dev.leanagent.model.torch.Tensors.longs(rows, rows.length).to(valid.device(), torch.ScalarType.Long));
        for (int l = 0; l < keys.length; l++) {
            keys[l] = replace(keys[l], keys[l].index_select(0, index));
            values[l] = replace(values[l], values[l].index_select(0, index));
        }
        valid = replace(valid, valid.index_select(0, index));
        index.close();
    }

    @Override
    public void close() {
        for (int l = 0; l < keys.length; l++) {
            keys[l].close();
            values[l].close();
        }
        valid.close();
    }

    private static Tensor replace(Tensor old, Tensor fresh) {
        own(fresh);
        old.close();
        return fresh;
    }

    /** Takes a tensor out of the caller's pointer scope: this cache frees it in close(). */
    private static Tensor own(Tensor t) {
        return dev.leanagent.model.torch.Tensors.detach(t);
    }
}
