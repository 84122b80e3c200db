package dev.leanagent.model;

import dev.leanagent.model.checkpoint.Checkpoint;
import dev.leanagent.model.generate.BeamSearch;
import dev.leanagent.model.generate.Continuation;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.generate.Sampler;
import dev.leanagent.model.generate.Scorer;
import dev.leanagent.model.generate.StopTokens;
import dev.leanagent.model.tokenizer.PromptFitter;
import dev.leanagent.model.tokenizer.PromptTemplate;
import dev.leanagent.model.tokenizer.PromptTemplates;
import dev.leanagent.model.tokenizer.Tokenizer;
import dev.leanagent.model.torch.ComputeDevice;
import dev.leanagent.model.torch.ComputeType;
import dev.leanagent.model.transformer.Transformer;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tactic generator on one checkpoint: Lean 3 tactic states in, ranked tactics with log-probs
 * out. Text meets tokens here: the prompt template, the tokenizer, stop tokens, and the merging of
 * candidates that decode to the same tactic.
 *
 * <p>Not thread-safe: the model service gives each device one inference thread.
 */
public final class TacticModel implements AutoCloseable {
    private final String id;
    private final Checkpoint checkpoint;
    private final Tokenizer tokenizer;
    private final PromptTemplate template;
    private final Transformer transformer;
    private final StopTokens stops;
    private final PromptFitter fitter;

    private TacticModel(String id, Checkpoint checkpoint, Tokenizer tokenizer, PromptTemplate template,
                        Transformer transformer, int maxPromptTokens) {
        this.id = id;
        this.checkpoint = checkpoint;
        this.tokenizer = tokenizer;
        this.template = template;
        this.transformer = transformer;
        this.fitter = new PromptFitter(tokenizer, template, maxPromptTokens);
        this.stops = new StopTokens(tokenizer.idsWhosePieceContains("\n"))
                .with(tokenizer.eos(), tokenizer.imEnd(), transformer.config().eosId());
    }

    public static TacticModel load(Path dir, ModelOptions options) {
        PromptTemplate template = PromptTemplates.byName(options.template());
        ComputeDevice device = ComputeDevice.parse(options.device());
        ComputeType type = ComputeType.parse(options.dtype(), device);
        if (options.threads() > 0) {
            torch.set_num_threads(options.threads());
        }
        Checkpoint checkpoint = Checkpoint.open(dir);
        try {
            Tokenizer tokenizer = Tokenizer.load(checkpoint.tokenizerModel());
            if (tokenizer.vocabSize() > checkpoint.config().vocabSize()) {
                throw new IllegalArgumentException(dir + ": tokenizer.model has " + tokenizer.vocabSize()
                        + " pieces but config.json a vocabulary of " + checkpoint.config().vocabSize());
            }
            Transformer transformer = Transformer.load(checkpoint, device, type);
            return new TacticModel(dir.toAbsolutePath().normalize().toString(), checkpoint, tokenizer, template,
                    transformer, options.maxPromptTokens());
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** The checkpoint directory: part of every cache key and result. */
    public String id() {
        return id;
    }

    public String templateName() {
        return template.name();
    }

    public String describe() {
        return transformer.config().architecture() + " " + transformer.config().layers() + " layers, hidden "
                + transformer.config().hiddenSize() + ", on " + transformer.device() + " in " + transformer.type();
    }

    /**
     * The prompt's token ids: the template around the state, the state cut to the token budget
     * without losing a goal ({@link PromptFitter}).
     */
    public int[] prompt(String state) {
        return fitter.fit(state).ids();
    }

    public List<Suggestion> suggest(String state, GenerationSettings settings) {
        return suggest(List.of(state), settings, new long[] {settings.seed()}).get(0);
    }

    /** One batched generation for several states with the same settings and their own seeds. */
    public List<List<Suggestion>> suggest(List<String> states, GenerationSettings settings, long[] seeds) {
        List<int[]> prompts = states.stream().map(this::prompt).toList();
        List<List<Continuation>> raw = settings.beam()
                ? new BeamSearch(transformer).search(prompts, settings, stops)
                : new Sampler(transformer).sample(prompts, settings, seeds, stops);
        List<List<Suggestion>> out = new ArrayList<>();
        for (List<Continuation> cs : raw) {
            out.add(rank(cs));
        }
        return out;
    }

    /** Log-probs of the given tactics, each encoded on its own, appended to the prompt. */
    public List<Suggestion> score(String state, List<String> tactics) {
        List<int[]> encoded = tactics.stream().map(tokenizer::encode).toList();
        double[] lp = new Scorer(transformer).score(prompt(state), encoded);
        List<Suggestion> out = new ArrayList<>();
        for (int i = 0; i < tactics.size(); i++) {
            out.add(new Suggestion(tactics.get(i), lp[i], encoded.get(i).length));
        }
        return out;
    }

    /** Stopped, non-empty, one per distinct text (the likelier kept), best first. */
    private List<Suggestion> rank(List<Continuation> continuations) {
        Map<String, Suggestion> byText = new LinkedHashMap<>();
        for (Continuation c : continuations) {
            if (!c.stopped()) {
                continue;
            }
            String tail = stopTail(c);
            String text = tacticText(c, tail);
            if (text.isEmpty()) {
                continue;
            }
            // A stop piece that carries the tactic's last characters (")\n") is part of the tactic: its
            // log-prob counts, or a tactic made of such a piece alone would score 0 and rank first.
            boolean stopCarriesText = !tail.isBlank();
            Suggestion s = new Suggestion(text, stopCarriesText ? c.completeLogprob() : c.logprob(),
                    c.length() + (stopCarriesText ? 1 : 0));
            byText.merge(text, s, (a, b) -> a.logprob() >= b.logprob() ? a : b);
        }
        List<Suggestion> ranked = new ArrayList<>(byText.values());
        ranked.sort(Comparator.comparingDouble(Suggestion::logprob).reversed());
        return ranked;
    }

    /** The text a stop piece carries before its newline ("" for a bare newline or end of sequence). */
    private String stopTail(Continuation c) {
        String stopText = tokenizer.decode(new int[] {c.stopToken()});
        int newline = stopText.indexOf('\n');
        return newline >= 0 ? stopText.substring(0, newline) : "";
    }

    private String tacticText(Continuation c, String stopTail) {
        String text = (tokenizer.decode(c.tokens()) + stopTail).strip();
        // A tactic followed by ",\n" is one step of a begin…end block; the comma separates steps.
        return text.endsWith(",") ? text.substring(0, text.length() - 1).strip() : text;
    }

    @Override
    public void close() {
        transformer.close();
        tokenizer.close();
        checkpoint.close();
    }
}
