package dev.leanagent.bridge.pool;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay-or-wait rule on costs the test chooses. */
class PlacementCostsTest {

    private static final long MS = 1_000_000;

    private static PlacementCosts measured(long requestMs, long replayStepMs) {
        PlacementCosts c = new PlacementCosts();
        c.requestServed(requestMs * MS, false);
        c.replayed(3, 3 * replayStepMs * MS);
        return c;
    }

    @Test
    void aReplayCheaperThanTheWaitMovesTheRequestAndADearerOneWaits() {
        PlacementCosts c = measured(10, 4); // a request 10 ms, a replayed step 4 ms
        assertTrue(c.gainOfMoving(3, 1) < 0, "12 ms of replay to save one request's 10 ms: wait");
        assertEquals(8.0 * MS, c.gainOfMoving(3, 2), 1, "12 ms of replay to save 20 ms of queue: move");
        assertTrue(c.gainOfMoving(2, 1) > 0, "8 ms of replay against 10 ms of wait: move");
        assertTrue(c.gainOfMoving(5, 2) == 0, "a tie waits: 20 ms either way");
    }

    @Test
    void aStateTheIdleWorkerHoldsAlwaysMovesAndNothingMovesOffAnEmptyQueue() {
        assertTrue(measured(10, 400).gainOfMoving(0, 1) > 0);
        assertTrue(new PlacementCosts().gainOfMoving(0, 1) > 0, "even before anything was measured");
        assertTrue(measured(10, 1).gainOfMoving(1, 0) < 0);
    }

    @Test
    void beforeAnythingIsMeasuredEveryReplayWaitsAndBeforeAReplayIsMeasuredAStepCostsARequest() {
        PlacementCosts c = new PlacementCosts();
        assertTrue(c.gainOfMoving(1, 100) < 0, "no figure to decide by: the request stays where its state is");
        c.requestServed(10 * MS, false);
        assertEquals(10.0 * MS, c.replayStepNanos(), 1);
        assertTrue(c.gainOfMoving(1, 1) == 0 && c.gainOfMoving(1, 2) > 0 && c.gainOfMoving(3, 2) < 0);
    }

    @Test
    void requestsThatMadeStatesTeachTheStepCostSoOneWaitingRequestCanMove() {
        PlacementCosts c = new PlacementCosts();
        c.requestServed(4 * MS, true); // a tactic that worked: what replaying it would cost
        c.requestServed(40 * MS, false); // one that failed after a long try
        assertEquals(4.0 * MS, c.replayStepNanos(), 1);
        assertEquals(11.2 * MS, c.requestNanos(), 1);
        assertTrue(c.gainOfMoving(2, 1) > 0, "two steps of 4 ms against a request of 11 ms: move");
        assertTrue(c.gainOfMoving(3, 1) < 0, "three steps of 4 ms: wait");
    }

    @Test
    void theEstimatesFollowTheWorkloadAndWeighRecentSamplesMost() {
        PlacementCosts c = new PlacementCosts();
        for (int i = 0; i < 50; i++) c.requestServed(5 * MS, false);
        assertEquals(5.0 * MS, c.requestNanos(), 1);
        for (int i = 0; i < 20; i++) c.requestServed(100 * MS, false); // the search reached goals where tactics are slow
        assertTrue(c.requestNanos() > 98 * MS, "followed within 20 requests: " + c.requestNanos() / MS);
        c.replayed(4, 40 * MS);
        assertEquals(10.0 * MS, c.replayStepNanos(), 1, "per step, not per replay");
        c.replayed(0, 0); // nothing replayed: no sample
        assertEquals(10.0 * MS, c.replayStepNanos(), 1);
    }
}
