package dev.leanagent.model.torch;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

import java.util.Locale;

/**
 * Where the forward pass runs: {@code cpu}, {@code cuda}, {@code cuda:N}, or {@code auto} (the
 * first CUDA device when LibTorch sees one, else the CPU).
 */
public record ComputeDevice(String name, int cudaIndex) {

    public static ComputeDevice parse(String spec) {
        NativeTorch.ensureLoaded();
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return cudaAvailable() ? new ComputeDevice("cuda:0", 0) : new ComputeDevice("cpu", -1);
        }
        if (s.equals("cpu")) {
            return new ComputeDevice("cpu", -1);
        }
        if (s.equals("cuda") || s.startsWith("cuda:")) {
            int index = s.equals("cuda") ? 0 : parseIndex(s.substring(5), spec);
            if (!cudaAvailable()) {
                throw new IllegalArgumentException("--device " + spec + ": LibTorch sees no CUDA device. "
                        + "The build carries the CPU natives unless built with `mvn -Pcuda package` "
                        + "(see README, 'GPU'); check also that nvidia-smi lists a GPU.");
            }
            int count = torch.cuda_device_count();
            if (index >= count) {
                throw new IllegalArgumentException("--device " + spec + ": only " + count + " CUDA device(s)");
            }
            return new ComputeDevice("cuda:" + index, index);
        }
        throw new IllegalArgumentException("--device must be auto, cpu, cuda or cuda:N, not " + spec);
    }

    private static int parseIndex(String text, String spec) {
        try {
            int i = Integer.parseInt(text);
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--device " + spec + ": the CUDA index must be a number >= 0");
    }

    private static boolean cudaAvailable() {
        try {
            return torch.cuda_is_available();
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    public boolean isCuda() {
        return cudaIndex >= 0;
    }

    public Device device() {
        return new Device(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
