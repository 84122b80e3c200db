package dev.leanagent.agent.cluster;

import dev.leanagent.model.Suggestion;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.model.service.ModelService;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean node's model client over fake model nodes in one JVM (the receptionist works the same
 * without a cluster): which node a request goes to, waiting for one, and a lost one's requests.
 */
class ModelClientTest {

    private static final GenerationSettings SETTINGS = GenerationSettings.defaults();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private ActorSystem<SpawnProtocol.Command> system;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        system = ActorSystem.create(SpawnProtocol.create(), "model-client-test");
    }

    @AfterEach
    void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Stops a fake model node, as a lost node's actor ends for its watchers. */
    private enum Lost implements ModelGateway.Command { INSTANCE }

    /** A model node serving {@code model} whose answer is one tactic, its own name; {@code answers} false: it never answers. */
    private static Behavior<ModelGateway.Command> fakeNode(String name, String model, boolean answers) {
        return fakeNode(name, model, answers ? Reply.ANSWER : Reply.NOTHING);
    }

    /** How a fake model node replies to a request. */
    private enum Reply { ANSWER, NOTHING, STOPPING }

    private static Behavior<ModelGateway.Command> fakeNode(String name, String model, Reply how) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(Protocol.MODELS, ctx.getSelf().narrow()));
            return Behaviors.receive(ModelGateway.Command.class)
                    .onMessage(Protocol.DescribeModel.class, d -> {
                        d.replyTo().tell(new Protocol.ModelInfo(ctx.getSelf().narrow(), Protocol.VERSION, model, name, "t"));
                        return Behaviors.same();
                    })
                    .onMessageEquals(Lost.INSTANCE, Behaviors::stopped)
                    .onMessage(Protocol.ModelRequest.class, r -> {
                        if (how == Reply.STOPPING) {
                            r.replyTo().tell(new Protocol.ModelAnswer(ctx.getSelf().narrow(), r.id(), List.of(),
                                    name + " is leaving the cluster", true));
                        } else if (how == Reply.ANSWER) {
                            r.replyTo().tell(new Protocol.ModelAnswer(ctx.getSelf().narrow(), r.id(),
                                    List.of(new Suggestion(name, -0.5, 1)), null, false));
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private <T> ActorRef<T> spawn(Behavior<T> behavior) throws Exception {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                r -> new SpawnProtocol.Spawn<>(behavior, "a" + NAMES.incrementAndGet(), Props.empty(), r),
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ActorRef<ModelClient.Command> client(Duration modelWait) throws Exception {
        return spawn(ModelClient.create(modelWait, Duration.ofMinutes(5), new PrintStream(log, true)));
    }

    private static ModelService.Reply answer(ActorRef<ModelClient.Command> client, String model) throws Exception {
        return ModelClient.ask(client, model, "t", "⊢ true", SETTINGS).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static String tactic(ModelService.Reply r) {
        assertTrue(r.ok(), r.error());
        return r.suggestions().get(0).tactic();
    }

    @Test
    void aRequestGoesOnlyToANodeServingTheModelItNames() throws Exception {
        spawn(fakeNode("node-a", "model-a", true));
        spawn(fakeNode("node-b", "model-b", true));
        ActorRef<ModelClient.Command> client = client(Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            assertEquals("node-b", tactic(answer(client, "model-b")));
            assertEquals("node-a", tactic(answer(client, "model-a")));
        }
    }

    @Test
    void withNoModelNodeARequestFailsAfterTheWaitSayingWhatToStart() throws Exception {
        ActorRef<ModelClient.Command> client = client(Duration.ofSeconds(2));
        CompletableFuture<ModelService.Reply> reply = ModelClient.ask(client, "model-a", "t", "⊢ true", SETTINGS).toCompletableFuture();
        long start = System.nanoTime();
        ModelService.Reply r = reply.get(30, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(1), "it waited for a model node first");
        assertFalse(r.ok());
        assertTrue(r.error().contains("no model node serving model-a") && r.error().contains("--role model")
                && r.error().contains("cluster.model-wait"), r.error());
    }

    @Test
    void aModelNodeThatJoinsLaterServesTheWaitingRequests() throws Exception {
        ActorRef<ModelClient.Command> client = client(Duration.ofSeconds(60));
        CompletableFuture<ModelService.Reply> first = ModelClient.ask(client, "model-a", "t", "⊢ true", SETTINGS).toCompletableFuture();
        CompletableFuture<ModelService.Reply> second = ModelClient.ask(client, "model-a", "t", "⊢ false", SETTINGS).toCompletableFuture();
        spawn(fakeNode("late", "model-a", true));
        assertEquals("late", tactic(first.get(30, TimeUnit.SECONDS)));
        assertEquals("late", tactic(second.get(30, TimeUnit.SECONDS)));
    }

    @Test
    void theRequestsOfALostModelNodeGoToAnotherOne() throws Exception {
        ActorRef<ModelGateway.Command> silent = spawn(fakeNode("silent", "model-a", false));
        ActorRef<ModelClient.Command> client = client(Duration.ofSeconds(60));
        CompletableFuture<ModelService.Reply> held = ModelClient.ask(client, "model-a", "t", "⊢ true", SETTINGS).toCompletableFuture();
        // The request reached the silent node: it is described and the request is in flight there.
        awaitLog("serves model-a");
        spawn(fakeNode("healthy", "model-a", true));
        awaitLog("serves model-a", 2);
        assertFalse(held.isDone(), "the silent node holds it");
        silent.tell(Lost.INSTANCE);
        assertEquals("healthy", tactic(held.get(30, TimeUnit.SECONDS)));
        awaitLog("requests sent again: 1");
    }

    @Test
    void aRequestAStoppingNodeGivesBackGoesToAnotherAndTheStoppingNodeGetsNoMore() throws Exception {
        spawn(fakeNode("stopping", "model-a", Reply.STOPPING));
        ActorRef<ModelClient.Command> client = client(Duration.ofSeconds(60));
        awaitLog("serves model-a");
        CompletableFuture<ModelService.Reply> first = ModelClient.ask(client, "model-a", "t", "⊢ true", SETTINGS).toCompletableFuture();
        awaitLog("is stopping: stopping is leaving the cluster");
        assertFalse(first.isDone(), "given back, not failed: it waits for another model node");
        spawn(fakeNode("healthy", "model-a", true));
        assertEquals("healthy", tactic(first.get(30, TimeUnit.SECONDS)));
        for (int i = 0; i < 3; i++) assertEquals("healthy", tactic(answer(client, "model-a")));
    }

    @Test
    void aNodeWithAnotherPromptTemplateIsNotAsked() throws Exception {
        spawn(fakeNode("node-a", "model-a", true)); // its template is "t"
        ActorRef<ModelClient.Command> client = client(Duration.ofSeconds(2));
        ModelService.Reply r = ModelClient.ask(client, "model-a", "fewshot", "⊢ true", SETTINGS).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertFalse(r.ok());
        assertTrue(r.error().contains("no model node serving model-a"), r.error());
    }

    private void awaitLog(String text) throws InterruptedException {
        awaitLog(text, 1);
    }

    private void awaitLog(String text, int times) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (log.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1 < times) {
            if (System.nanoTime() > deadline) throw new AssertionError("not logged " + times + " times: " + text + "\n" + log);
            Thread.sleep(20);
        }
    }
}
