package dev.leanagent.agent.cluster;

import dev.leanagent.search.SearchSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The messages between a run's coordinator and the {@code lean} nodes (CLUSTER.md describes each).
 * Every message that starts an exchange carries {@link #VERSION}; a node refuses a coordinator of
 * another version with a log line instead of misreading it.
 */
public final class Protocol {

    /** Raised when a message changes in a way an older node would misread. */
    public static final int VERSION = 1;

    /** Where {@code lean} nodes find a run's coordinator. */
    public static final ServiceKey<ToCoordinator> COORDINATORS = ServiceKey.create(ToCoordinator.class, "lean-agent-coordinator");

    private Protocol() {
    }

    /** What a coordinator receives from nodes. */
    public interface ToCoordinator extends ClusterMessage, AttemptCoordinator.Command {
    }

    /** What a {@code lean} node's worker receives from a coordinator. */
    public interface ToWorker extends ClusterMessage, LeanWorker.Command {
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
     * The run's search as the coordinator chose it: the generator ({@code automation}), the
     * budgets and search order, and the automation tactic list's text (null: the built-in list).
     */
    public record RunSpec(String generator, SearchSettings search, String automationTactics) {
    }
}
