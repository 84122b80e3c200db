package dev.leanagent.bridge.pool;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolSizingTest {

    private static final long GIB = 1L << 30;

    @Test
    void coresDecideWhenMemoryIsPlenty() {
        PoolSizing.Decision d = PoolSizing.decide(8, OptionalLong.of(64 * GIB), OptionalLong.of(GIB / 8), 2 * GIB, 2.0);
        assertEquals(8, d.workers());
        assertTrue(d.reason().contains("one per core (8 cores)"), d.reason());
    }

    @Test
    void memoryDecidesForLargeWorkers() {
        // mathlib-sized workers: 1.7 GiB each, growing to 3.4 GiB; 22 GiB free minus 2 reserved fits 5
        PoolSizing.Decision d = PoolSizing.decide(16, OptionalLong.of(22 * GIB), OptionalLong.of(17 * GIB / 10), 2 * GIB, 2.0);
        assertEquals(5, d.workers());
        assertTrue(d.reason().startsWith("5 workers: memory limits it"), d.reason());
        assertTrue(d.reason().contains("1.7 GiB measured"), d.reason());
    }

    @Test
    void atLeastOneWorkerEvenWhenShort() {
        PoolSizing.Decision d = PoolSizing.decide(4, OptionalLong.of(GIB), OptionalLong.of(2 * GIB), GIB, 1.5);
        assertEquals(1, d.workers());
        assertTrue(d.reason().contains("running 1 anyway"), d.reason());
    }

    @Test
    void withoutMeasurementsOnePerCore() {
        PoolSizing.Decision d = PoolSizing.decide(3, OptionalLong.empty(), OptionalLong.empty(), GIB, 2.0);
        assertEquals(3, d.workers());
        assertTrue(d.reason().contains("could not be measured"), d.reason());
    }
}
