package dev.leanagent.model.checkpoint;

/** Element types a safetensors file may hold; the loader accepts the floating ones as weights. */
public enum StorageType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    StorageType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    static StorageType parse(String code, String where) {
        try {
            return valueOf(code);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": unsupported tensor dtype " + code);
        }
    }
}
