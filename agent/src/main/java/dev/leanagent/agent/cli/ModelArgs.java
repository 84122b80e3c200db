package dev.leanagent.agent.cli;

import dev.leanagent.agent.UsageException;
import dev.leanagent.model.ModelOptions;
import dev.leanagent.model.TacticModel;
import dev.leanagent.model.checkpoint.CheckpointException;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which checkpoint to load and how to run it: the options `suggest`, `score` and `prove` share. */
public final class ModelArgs {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Hugging Face checkpoint directory: config.json, *.safetensors, tokenizer.model.")
    Path dir;

    @Option(names = "--device", paramLabel = "D", description = "auto (default: CUDA when present), cpu, cuda or cuda:N.")
    String device = "auto";

    @Option(names = "--dtype", paramLabel = "T", description = "auto (default: bfloat16 on CUDA, float32 on CPU), float32, bfloat16 or float16.")
    String dtype = "auto";

    @Option(names = "--template", paramLabel = "NAME",
            description = "Prompt template: internlm2-chat (default), fewshot (base models) or gptf.")
    String template = "internlm2-chat";

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads for LibTorch (default: LibTorch's choice).")
    int threads;

    @Option(names = "--max-prompt-tokens", paramLabel = "N", description = "Longest prompt; a longer state loses hypotheses, longest first, never a goal line (default: 2048).")
    int maxPromptTokens = 2048;

    public boolean given() {
        return dir != null;
    }

    public TacticModel load() {
        if (dir == null) {
            throw new UsageException("--model DIR is needed: a Hugging Face checkpoint directory, e.g. "
                    + "internlm/internlm2-math-7b (see README, 'The tactic model')");
        }
        try {
            return TacticModel.load(dir, new ModelOptions(device, dtype, template, threads, maxPromptTokens));
        } catch (CheckpointException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
