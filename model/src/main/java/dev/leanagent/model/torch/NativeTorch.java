package dev.leanagent.model.torch;

import org.bytedeco.javacpp.Loader;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Loads LibTorch's native libraries from the JavaCPP jars, and only from there.
 *
 * <p>Why this exists: the preset loads {@code libtorch.so} before {@code libtorch_cpu.so}, so the
 * dynamic linker resolves libtorch's dependency on {@code libtorch_cpu.so} through the system
 * search path first. On a machine that also has a system LibTorch (Debian's python3-torch puts
 * one in /lib/x86_64-linux-gnu) that picks the wrong version and the JVM dies in native code.
 * Loading the bundled libraries by absolute path, in dependency order, first makes the linker
 * reuse them.
 */
public final class NativeTorch {
    private static final List<String> LINUX_ORDER = List.of("libgomp.so.1", "libc10.so", "libc10_cuda.so",
            "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so");
    private static volatile boolean loaded;

    private NativeTorch() {
    }

    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (NativeTorch.class) {
            if (loaded) {
                return;
            }
            String platform = Loader.getPlatform();
            if (platform.startsWith("linux")) {
                // openblas first: libtorch_cpu needs it, and the preset's own loader gets it right.
                Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
                for (String lib : LINUX_ORDER) {
                    preload("/org/bytedeco/pytorch/" + platform + "/" + lib);
                }
            }
            try {
                Loader.load(org.bytedeco.pytorch.global.torch.class);
            } catch (UnsatisfiedLinkError e) {
                throw new IllegalStateException("LibTorch's native libraries for " + platform
                        + " could not be loaded: " + e.getMessage() + ". The build carries natives for "
                        + "linux-x86_64 by default; build with -Djavacpp.platform=<your platform>.", e);
            }
            loaded = true;
        }
    }

    private static void preload(String resource) {
        File file;
        try {
            file = Loader.cacheResource(resource);
        } catch (IOException e) {
            return;
        }
        if (file != null) {
            System.load(file.getAbsolutePath());
        }
    }
}
