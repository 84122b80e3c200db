package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import dev.leanagent.model.ModelBenchmark;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench-model", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the forward pass: prefill and decode tokens per second for a model shape, "
                + "with random weights.",
                "",
                "Fixed workload: a batch of 8 prompts of 128 tokens prefilled, then 32 greedy decode steps with the "
                        + "KV cache; 1 warm-up round, median of 5. The same workload in PyTorch eager: "
                        + "model/src/test/python/bench_eager.py.",
                "",
                "--workload sample: what a search asks instead: --samples samples (32) of exactly --tokens tokens "
                        + "(48) for each of --states prompts (2) of --prompt tokens, in one batched request at "
                        + "temperature 1, top-p --top-p (0.95); reports tokens/s and the share of time outside the "
                        + "forward pass (sampling, transfers, bookkeeping). Same in PyTorch eager: "
                        + "bench_eager.py --workload sample."})
public final class BenchModelCommand implements Callable<Integer> {
    @Option(names = "--workload", defaultValue = "forward", description = "forward (default) or sample.") String workload;
    @Option(names = "--layers", defaultValue = "4") int layers;
    @Option(names = "--hidden", defaultValue = "512") int hidden;
    @Option(names = "--heads", defaultValue = "8") int heads;
    @Option(names = "--kv-heads", defaultValue = "2") int kvHeads;
    @Option(names = "--intermediate", defaultValue = "1408") int intermediate;
    @Option(names = "--vocab", defaultValue = "92544") int vocab;
    @Option(names = "--batch", defaultValue = "8") int batch;
    @Option(names = "--prompt", defaultValue = "128", description = "Prompt tokens per row.") int prompt;
    @Option(names = "--decode", defaultValue = "32", description = "Decode steps.") int decode;
    @Option(names = "--rounds", defaultValue = "5") int rounds;
    @Option(names = "--states", defaultValue = "2", description = "sample: prompts per request.") int states;
    @Option(names = "--samples", defaultValue = "32", description = "sample: samples per prompt.") int samples;
    @Option(names = "--tokens", defaultValue = "48", description = "sample: tokens per sample.") int tokens;
    @Option(names = "--top-p", defaultValue = "0.95", description = "sample: nucleus.") double topP;
    @Option(names = "--threads", defaultValue = "2", description = "LibTorch CPU threads (default: 2).") int threads;
    @Option(names = "--device", defaultValue = "cpu") String device;
    @Option(names = "--dtype", defaultValue = "float32") String dtype;

    @Override
    public Integer call() {
        if (workload.equals("sample")) {
            return sample();
        }
        if (!workload.equals("forward")) {
            throw new UsageException("--workload must be forward or sample, not " + workload);
        }
        ModelBenchmark.Result r;
        try {
            ComputeDevice d = ComputeDevice.parse(device);
            r = ModelBenchmark.run(new ModelBenchmark.Shape(layers, hidden, heads, kvHeads, intermediate, vocab),
                    new ModelBenchmark.Workload(batch, prompt, decode, 1, rounds), d, ComputeType.parse(dtype, d), threads);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        System.out.printf(Locale.ROOT, "shape: %d layers, hidden %d, %d heads, %d kv heads, intermediate %d, vocab %d; %s %s, %d threads%n",
                layers, hidden, heads, kvHeads, intermediate, vocab, r.device(), dtype, r.threads());
        System.out.printf(Locale.ROOT, "workload: batch %d x %d prompt tokens, %d decode steps; median of %d rounds%n",
                batch, prompt, decode, rounds);
        System.out.printf(Locale.ROOT, "prefill: %.1f ms, %.1f tokens/s%n", r.prefillMillis(), r.prefillTokensPerSecond());
        System.out.printf(Locale.ROOT, "decode:  %.2f ms/step, %.1f tokens/s%n", r.decodeMillisPerStep(), r.decodeTokensPerSecond());
        return 0;
    }

    private int sample() {
        ModelBenchmark.SamplingResult r;
        try {
            ComputeDevice d = ComputeDevice.parse(device);
            r = ModelBenchmark.runSampling(new ModelBenchmark.Shape(layers, hidden, heads, kvHeads, intermediate, vocab),
                    new ModelBenchmark.SamplingWorkload(states, samples, tokens, prompt, topP, 1, rounds), d,
                    ComputeType.parse(dtype, d), threads);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        System.out.printf(Locale.ROOT, "shape: %d layers, hidden %d, %d heads, %d kv heads, intermediate %d, vocab %d; %s %s, %d threads%n",
                layers, hidden, heads, kvHeads, intermediate, vocab, r.device(), dtype, r.threads());
        System.out.printf(Locale.ROOT, "workload: %d states x %d samples x %d tokens after %d prompt tokens, top-p %s; median of %d rounds%n",
                states, samples, tokens, prompt, topP, rounds);
        System.out.printf(Locale.ROOT, "sample: %.0f ms per request, %.1f tokens/s, %.1f%% of the time outside the forward pass%n",
                r.millisPerRound(), r.tokensPerSecond(), 100 * r.outsideForwardShare());
        return 0;
    }
}
