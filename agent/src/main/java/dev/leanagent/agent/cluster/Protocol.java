package dev.leanagent.agent.cluster;

import dev.leanagent.model.Suggestion;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.search.SearchSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.List;

/**
 * The messages between a run's coordinator, the {@code lean} nodes and the {@code model} nodes
 * (CLUSTER.md describes each).
 * Every message that starts an exchange carries {@link #VERSION}; a node refuses a coordinator of
 * another version with a log line instead of misreading it.
 */
public final class Protocol {

    /** Raised when a message changes in a way an older node would misread (2: model nodes, RunSpec's model). */
    public static final int VERSION = 2;

    /** Where {@code lean} nodes find a run's coordinator. */
    public static final ServiceKey<ToCoordinator> COORDINATORS = ServiceKey.create(ToCoordinator.class, "lean-agent-coordinator");

    /** Where searches find the model service of {@code model} nodes. */
    public static final ServiceKey<ToModel> MODELS = ServiceKey.create(ToModel.class, "lean-agent-model");

    private Protocol() {
    }

    /** What a coordinator receives from nodes. */
    public interface ToCoordinator extends ClusterMessage, AttemptCoordinator.Command {
    }

    /** What a {@code lean} node's worker receives from a coordinator. */
    public interface ToWorker extends ClusterMessage, LeanWorker.Command {
    }

    /** What a {@code model} node's gateway receives from lean nodes and coordinators. */
    public interface ToModel extends ClusterMessage, ModelGateway.Command {
    }

    /** What a node's model client (or a coordinator looking for the model) receives from model nodes. */
    public interface FromModel extends ClusterMessage, ModelClient.Command, ModelDiscovery.Command {
    }

    /** A node has room for {@code slots} more attempts (work pulling: nothing is sent that was not asked for). */
    public record Pull(int version, ActorRef<ToWorker> worker, int slots) implements ToCoordinator {
    }

    /** An attempt's result, as a results-file line (search/RESULTS.md). */
    public record Done(ActorRef<ToWorker> worker, long id, String resultLine) implements ToCoordinator {
    }

    /**
     * One theorem attempt: the file as the coordinator read it ({@code path} is what its result
     * line names), the theorem's display name, which attempt, and the run's settings.
     */
    public record Attempt(int version, long id, ActorRef<ToCoordinator> coordinator, String path, String text,
                          String theorem, int attempt, RunSpec run) implements ToWorker {
    }

    /** The run is cancelled: stop its searches now (each still reports, as {@code cancelled}). */
    public record Withdraw(ActorRef<ToCoordinator> coordinator, String reason) implements ToWorker {
    }

    /** A coordinator of another protocol version: the node says why it takes no work from it. */
    public record Refused(String reason) implements ToWorker {
    }

    /**
     * The run's search as the coordinator chose it: the generator ({@code automation}, {@code
     * model} or {@code openai}), the budgets and search order, the automation tactic list's text
     * (null: the built-in list), and for a model the {@link ModelSpec} (null for automation).
     */
    public record RunSpec(String generator, SearchSettings search, String automationTactics, ModelSpec model) {
    }

    /**
     * Which model answers and how it samples: {@code id}, {@code description} and {@code template}
     * as the result lines name them (for {@code model}, what the model nodes serve; for {@code
     * openai}, the API's model name, "openai URL" and the template the node formats prompts with),
     * the generation settings (attempt 1's seed), and the completions server ({@code openai} only).
     */
    public record ModelSpec(String id, String description, String template, GenerationSettings generation,
                            String endpoint) {
    }

    /**
     * Candidate tactics for {@code state}, from the model with {@code model}'s id and prompt
     * {@code template}; answered with {@link ModelAnswer}.
     */
    public record ModelRequest(int version, long id, String model, String template, String state,
                               GenerationSettings settings, ActorRef<FromModel> replyTo) implements ToModel {
    }

    /**
     * Suggestions best first, or the reason there are none, from the model node {@code from}.
     * {@code retry}: that node dropped the request without judging it (it is stopping); ask another.
     */
    public record ModelAnswer(ActorRef<ToModel> from, long id, List<Suggestion> suggestions, String error, boolean retry)
            implements FromModel {
    }

    /** Which model a model node serves; answered with {@link ModelInfo}. */
    public record DescribeModel(int version, ActorRef<FromModel> replyTo) implements ToModel {
    }

    /** A model node's model: its id, where and how it runs, its prompt template; {@code gateway} takes its requests. */
    public record ModelInfo(ActorRef<ToModel> gateway, int version, String id, String description, String template)
            implements FromModel {
    }
}
