package dev.leanagent.model.generate;

import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.testing.SafetensorsWriter;
import dev.leanagent.model.testing.TinyCheckpoints;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native memory is released deterministically (pointer scopes, caches closed), not left to the
 * garbage collector: 10,000 requests must not grow the process.
 */
class NativeMemoryTest {
    /**
     * Resident memory less what the JVM has committed for its own heaps: in a shared test JVM the
     * heap grows with other suites' garbage, which says nothing about LibTorch's allocations.
     */
    private static long outsideJavaHeap() {
        System.gc();
        java.lang.management.MemoryMXBean m = java.lang.management.ManagementFactory.getMemoryMXBean();
        return Pointer.physicalBytes() - m.getHeapMemoryUsage().getCommitted() - m.getNonHeapMemoryUsage().getCommitted();
    }

    @TempDir
    Path tmp;

    @Test
    void tenThousandRequestsDoNotGrowNativeMemory() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(TinyCheckpoints.llama(tmp.resolve("toy"), SafetensorsWriter.Type.F32, 6));
             Transformer model = Transformer.load(checkpoint, ComputeDevice.parse("cpu"), ComputeType.FLOAT32)) {
            Sampler sampler = new Sampler(model);
            BeamSearch beams = new BeamSearch(model);
            Scorer scorer = new Scorer(model);
            StopTokens stop = new StopTokens(2);
            GenerationSettings sampling = new GenerationSettings(4, false, 1.0, 0.9, 0, 4, 0);
            GenerationSettings beam = GenerationSettings.beams(3, 4);
            Runnable request = new Runnable() {
                int i;

                @Override
                public void run() {
                    int[] prompt = {1, 3 + i % 3, 4, 5 - i % 2};
                    switch (i++ % 3) {
                        case 0 -> sampler.sample(List.of(prompt), sampling, new long[] {i}, stop);
                        case 1 -> beams.search(List.of(prompt), beam, stop);
                        default -> scorer.score(prompt, List.of(new int[] {3, 4}, new int[] {5}));
                    }
                }
            };
            // One thread: the toy's operations are far too small to share.
            int threads = org.bytedeco.pytorch.global.torch.get_num_threads();
            org.bytedeco.pytorch.global.torch.set_num_threads(1);
            for (int i = 0; i < 1_000; i++) {
                request.run();
            }
            long trackedBefore = Pointer.totalBytes();
            long rssBefore = outsideJavaHeap();
            for (int i = 0; i < 9_000; i++) {
                request.run();
            }
            org.bytedeco.pytorch.global.torch.set_num_threads(threads);
            long trackedGrowth = Pointer.totalBytes() - trackedBefore;
            long rssGrowth = outsideJavaHeap() - rssBefore;
            System.out.printf("[lean-agent tests] 9,000 requests after 1,000 warm-up: tracked native %+d KiB, resident outside the Java heap %+d KiB%n",
                    trackedGrowth / 1024, rssGrowth / 1024);
            // A leak of one activation per request would be > 9,000 x 2 KiB; allow allocator noise.
            assertTrue(trackedGrowth < (1 << 20), "JavaCPP-tracked native memory grew by " + trackedGrowth + " bytes");
            assertTrue(rssGrowth < (48L << 20), "resident memory outside the Java heap grew by " + rssGrowth / 1024 + " KiB");
        }
    }

    /**
     * Every native handle made while loading (InternLM2's fused wqkv before its split, views,
     * conversions) and while decoding is freed when the work ends, not whenever the garbage
     * collector runs: JavaCPP's count of live handles is back where it was.
     */
    @Test
    void loadingAndDecodingLeaveNoLiveNativeHandles() throws Exception {
        // bfloat16 on disk, float32 in memory: every weight is a converted copy, wqkv included.
        try (Checkpoint checkpoint = Checkpoint.open(TinyCheckpoints.internlm2(tmp.resolve("bf16"), SafetensorsWriter.Type.BF16, 6))) {
            ComputeDevice cpu = ComputeDevice.parse("cpu");
            int[] prompt = {1, 3, 4, 5};
            StopTokens stop = new StopTokens(2);
            Runnable work = () -> {
                try (Transformer model = Transformer.load(checkpoint, cpu, ComputeType.FLOAT32)) {
                    new Sampler(model).sample(List.of(prompt), new GenerationSettings(3, false, 1.0, 0.9, 2, 4, 0), new long[] {1}, stop);
                    new BeamSearch(model).search(List.of(prompt), GenerationSettings.beams(2, 3), stop);
                    new Scorer(model).score(prompt, List.of(new int[] {3, 4}, new int[] {5}));
                }
            };
            work.run();
            long before = Pointer.totalCount();
            for (int i = 0; i < 3; i++) {
                work.run();
            }
            long after = Pointer.totalCount();
            // The collector may free unrelated garbage meanwhile (after < before); a leak shows as growth.
            assertTrue(after <= before, (after - before) + " native handles were left alive by 3 loads and decodes");
        }
    }
}
