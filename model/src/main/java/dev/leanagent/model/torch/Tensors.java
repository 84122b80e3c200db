package dev.leanagent.model.torch;

import dev.leanagent.model.checkpoint.StorageType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

import java.nio.ByteBuffer;

/**
 * Conversions between Java arrays, mapped buffers and LibTorch tensors. Every copy from a tensor
 * into a Java array goes through here (on CUDA each is a device→host transfer and a
 * synchronisation), and is counted per thread so tests can hold the decoders to one per step.
 */
public final class Tensors {
    private static final ThreadLocal<long[]> HOST_COPIES = ThreadLocal.withInitial(() -> new long[2]);

    private Tensors() {
    }

    /** The copies into Java arrays this thread has made so far, and how many values they carried. */
    public record HostCopies(long copies, long values) {
        public HostCopies since(HostCopies earlier) {
            return new HostCopies(copies - earlier.copies, values - earlier.values);
        }
    }

    public static HostCopies hostCopies() {
        long[] c = HOST_COPIES.get();
        return new HostCopies(c[0], c[1]);
    }

    private static void counted(long values) {
        long[] c = HOST_COPIES.get();
        c[0]++;
        c[1] += values;
    }

    /**
     * Takes a tensor out of the caller's innermost pointer scope, which would free it on closing:
     * whoever keeps it closes it.
     */
    public static Tensor detach(Tensor t) {
        PointerScope scope = PointerScope.getInnerScope();
        if (scope != null) {
            t.retainReference();
            scope.detach(t);
        }
        return t;
    }

    /**
     * A CPU tensor over the buffer's memory, without a copy. The caller keeps the buffer
     * reachable for as long as the tensor lives, and never writes into it.
     */
    public static Tensor view(ByteBuffer buffer, StorageType type, long[] shape) {
        return torch.from_blob(new BytePointer(buffer), shape, new TensorOptions(scalarType(type)));
    }

    public static torch.ScalarType scalarType(StorageType type) {
        return switch (type) {
            case F64 -> torch.ScalarType.Double;
            case F32 -> torch.ScalarType.Float;
            case F16 -> torch.ScalarType.Half;
            case BF16 -> torch.ScalarType.BFloat16;
            case I64 -> torch.ScalarType.Long;
            case I32 -> torch.ScalarType.Int;
            case I16 -> torch.ScalarType.Short;
            case I8 -> torch.ScalarType.Char;
            case U8 -> torch.ScalarType.Byte;
            case BOOL -> torch.ScalarType.Bool;
        };
    }

    /** A CPU int64 tensor holding a copy of the values, in the given shape. */
    public static Tensor longs(long[] values, long... shape) {
        LongPointer p = new LongPointer(values);
        return torch.from_blob(p, shape, new TensorOptions(torch.ScalarType.Long)).clone();
    }

    /** A CPU float64 tensor holding a copy of the values, in the given shape. */
    public static Tensor doubles(double[] values, long... shape) {
        DoublePointer p = new DoublePointer(values);
        return torch.from_blob(p, shape, new TensorOptions(torch.ScalarType.Double)).clone();
    }

    public static double[] toDoubles(Tensor t) {
        Tensor c = t.to(torch.ScalarType.Double).cpu().contiguous();
        double[] out = new double[(int) c.numel()];
        counted(out.length);
        new DoublePointer(c.data_ptr()).get(out);
        return out;
    }

    /** All values, row-major, as float32 (copied to the CPU first when needed). */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.to(torch.ScalarType.Float).cpu().contiguous();
        float[] out = new float[(int) c.numel()];
        counted(out.length);
        new FloatPointer(c.data_ptr()).get(out);
        return out;
    }

    public static long[] toLongs(Tensor t) {
        Tensor c = t.to(torch.ScalarType.Long).cpu().contiguous();
        long[] out = new long[(int) c.numel()];
        counted(out.length);
        new LongPointer(c.data_ptr()).get(out);
        return out;
    }
}
