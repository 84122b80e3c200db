package dev.leanagent.agent.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leanagent.model.Suggestion;
import dev.leanagent.model.generate.GenerationSettings;
import dev.leanagent.search.SearchSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message that crosses nodes, through the serializer a member uses (cluster.conf's binding,
 * Java serialization off): each comes back equal, null fields and nested records included. The
 * multi-JVM tests send most of them; this one also covers the openai spec and the refusals.
 */
class ClusterMessagesSerializationTest {

    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        // A member's settings without the cluster itself: serialization is the same, no network is needed.
        Config config = ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.parseResources(ClusterSettings.class, "cluster.conf"))
                .withFallback(ConfigFactory.load()).resolve();
        system = ActorSystem.create(Behaviors.empty(), "lean-agent", config);
    }

    @AfterAll
    static void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Object roundTrip(Object message) {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
        Serializer serializer = serialization.findSerializerFor(message);
        assertTrue(serializer.getClass().getName().contains("Jackson"), "JSON, not " + serializer.getClass());
        byte[] bytes = serialization.serialize(message).get();
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    }

    @Test
    void everyMessageComesBackEqual() {
        ActorRef<Object> ref = Adapter.toTyped(system.classicSystem().deadLetters());
        GenerationSettings sampling = new GenerationSettings(32, false, 0.7, 0.95, 40, 64, 11);
        Protocol.RunSpec automation = new Protocol.RunSpec("automation", SearchSettings.defaults(), "tactics = []", null);
        Protocol.RunSpec model = new Protocol.RunSpec("model", SearchSettings.defaults(), null,
                new Protocol.ModelSpec("internlm2-math-7b", "cuda:0 bfloat16", "internlm2-chat", sampling, null));
        Protocol.RunSpec openai = new Protocol.RunSpec("openai", SearchSettings.defaults(), null,
                new Protocol.ModelSpec("m", "openai http://10.0.0.7:23333", "fewshot", GenerationSettings.beams(8, 48),
                        "http://10.0.0.7:23333"));
        List<Object> messages = List.of(
                new Protocol.Pull(Protocol.VERSION, ref.unsafeUpcast(), 3),
                new Protocol.Done(ref.unsafeUpcast(), 7, "{\"status\":\"proved\"}"),
                new Protocol.Withdraw(ref.unsafeUpcast(), "cancelled: SIGTERM"),
                new Protocol.Refused("the coordinator speaks cluster protocol 2"),
                new Protocol.ModelRequest(Protocol.VERSION, 5, "internlm2-math-7b", "internlm2-chat",
                        "x : ℕ\n⊢ x + 0 = x", sampling, ref.unsafeUpcast()),
                new Protocol.ModelAnswer(ref.unsafeUpcast(), 5, List.of(new Suggestion("simp", -0.25, 2)), null, false),
                new Protocol.ModelAnswer(ref.unsafeUpcast(), 6, List.of(), "model node … is leaving the cluster", true),
                new Protocol.DescribeModel(Protocol.VERSION, ref.unsafeUpcast()),
                new Protocol.ModelInfo(ref.unsafeUpcast(), Protocol.VERSION, "internlm2-math-7b", "cuda:0 bfloat16",
                        "internlm2-chat"));
        for (Object m : messages) assertEquals(m, roundTrip(m));
        for (Protocol.RunSpec spec : List.of(automation, model, openai)) {
            Protocol.Attempt a = new Protocol.Attempt(Protocol.VERSION, 1, ref.unsafeUpcast(), "src/f.lean",
                    "theorem t : true := sorry\n", "t", 2, spec);
            assertEquals(a, roundTrip(a));
        }
    }
}
