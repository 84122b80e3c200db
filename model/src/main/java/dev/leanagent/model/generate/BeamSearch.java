package dev.leanagent.model.generate;

import dev.leanagent.model.torch.Tensors;
import dev.leanagent.model.transformer.KvCache;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search with W beams per prompt. Hypotheses are ranked by the probability of generating
 * exactly their tokens and then a stop token; a prompt is finished once W hypotheses have
 * stopped and no live beam can still beat the W-th of them (log-probs only fall as beams grow).
 */
public final class BeamSearch {
    private static final double DEAD = Double.NEGATIVE_INFINITY;

    private final Transformer model;

    public BeamSearch(Transformer model) {
        this.model = model;
    }

    public List<List<Continuation>> search(List<int[]> prompts, GenerationSettings settings, StopTokens stop) {
        int b = prompts.size();
        int w = settings.candidates();
        Prompt[] state = new Prompt[b];
        for (int p = 0; p < b; p++) {
            state[p] = new Prompt(prompts.get(p).length, w);
        }
        try (InferenceMode guard = new InferenceMode();
             KvCache cache = model.newCache(b, Decoding.maxLength(prompts) + settings.maxTokens())) {
            long[] tokens = null;
            for (int step = 0; step < settings.maxTokens(); step++) {
                try (PointerScope scope = new PointerScope()) {
                    Tensor logprobs;
                    int beamsPerPrompt;
                    if (step == 0) {
                        logprobs = Decoding.prefill(model, prompts, cache);
                        beamsPerPrompt = 1;
                    } else {
                        long[] positions = new long[b * w];
                        for (int r = 0; r < positions.length; r++) {
                            positions[r] = state[r / w].promptLength + step - 1;
                        }
                        logprobs = Decoding.step(model, tokens, positions, cache);
                        beamsPerPrompt = w;
                    }
                    long vocab = logprobs.size(1);
                    double[] beamScores = new double[b * beamsPerPrompt];
                    for (int p = 0; p < b; p++) {
                        for (int k = 0; k < beamsPerPrompt; k++) {
                            beamScores[p * beamsPerPrompt + k] = step == 0 ? 0 : state[p].alive.get(k).logprob;
                        }
                    }
                    // Scores of every (beam, token) extension, best 2W per prompt: enough to keep W
                    // live beams unless more than W of them stop.
                    Tensor scores = logprobs.to(torch.ScalarType.Double).add(
                            Tensors.doubles(beamScores, b * beamsPerPrompt, 1).to(logprobs.device(), torch.ScalarType.Double));
                    long k = Math.min(2L * w, beamsPerPrompt * vocab);
                    T_TensorTensor_T top = scores.view(b, beamsPerPrompt * vocab).topk(k, 1, true, true);
                    // Scores and indices in one transfer: indices < W * vocab are exact in float64.
                    double[] both = Tensors.toDoubles(torch.cat(new TensorVector(top.get0(),
                            top.get1().to(torch.ScalarType.Double)), 1));
                    double[] topScores = new double[(int) (b * k)];
                    long[] topIndex = new long[(int) (b * k)];
                    for (int p = 0; p < b; p++) {
                        for (int j = 0; j < k; j++) {
                            topScores[(int) (p * k + j)] = both[(int) (p * 2 * k + j)];
                            topIndex[(int) (p * k + j)] = (long) both[(int) (p * 2 * k + k + j)];
                        }
                    }
                    long[] reorder = new long[b * w];
                    tokens = new long[b * w];
                    boolean allDone = true;
                    for (int p = 0; p < b; p++) {
                        state[p].advance(topScores, topIndex, (int) (p * k), (int) k, vocab, stop, beamsPerPrompt);
                        for (int j = 0; j < w; j++) {
                            Beam beam = state[p].alive.get(j);
                            reorder[p * w + j] = (long) p * beamsPerPrompt + beam.parent;
                            tokens[p * w + j] = beam.lastToken;
                        }
                        allDone &= state[p].done();
                    }
                    if (allDone) {
                        break;
                    }
                    cache.select(reorder);
                }
            }
        }
        List<List<Continuation>> out = new ArrayList<>();
        for (Prompt p : state) {
            out.add(p.best());
        }
        return out;
    }

    private record Beam(int[] tokens, double logprob, int parent, long lastToken) {
    }

    /** The live beams and stopped hypotheses of one prompt. */
    private static final class Prompt {
        final int promptLength;
        final int width;
        List<Beam> alive = new ArrayList<>();
        final List<Continuation> finished = new ArrayList<>();

        Prompt(int promptLength, int width) {
            this.promptLength = promptLength;
            this.width = width;
            alive.add(new Beam(new int[0], 0, 0, 0));
        }

        void advance(double[] scores, long[] index, int from, int count, long vocab, StopTokens stop, int beamsPerPrompt) {
            List<Beam> next = new ArrayList<>();
            boolean wasDone = done();
            // All 2W candidates are looked at: a stop ranked below the W-th live extension still
            // yields a finished hypothesis.
            for (int i = from; i < from + count; i++) {
                int parent = (int) (index[i] / vocab);
                int token = (int) (index[i] % vocab);
                Beam source = alive.get(Math.min(parent, alive.size() - 1));
                if (source.logprob == DEAD || wasDone) {
                    continue;
                }
                double tokenLogprob = scores[i] - source.logprob;
                if (stop.contains(token)) {
                    if (source.tokens.length > 0) {
                        finished.add(new Continuation(source.tokens, source.logprob, token, tokenLogprob));
                    }
                } else if (next.size() < width) {
                    int[] tokens = Arrays.copyOf(source.tokens, source.tokens.length + 1);
                    tokens[tokens.length - 1] = token;
                    next.add(new Beam(tokens, scores[i], parent, token));
                }
            }
            // Keep W rows per prompt in the batch; padding beams are dead and never extended.
            while (next.size() < width) {
                next.add(new Beam(new int[0], DEAD, 0, 0));
            }
            finished.sort(Comparator.comparingDouble(Continuation::completeLogprob).reversed());
            alive = next;
        }

        boolean done() {
            double bestAlive = alive.stream().mapToDouble(Beam::logprob).max().orElse(DEAD);
            return bestAlive == DEAD || finished.size() >= width
                    && bestAlive <= finished.get(width - 1).completeLogprob();
        }

        List<Continuation> best() {
            return List.copyOf(finished.subList(0, Math.min(width, finished.size())));
        }
    }
}
