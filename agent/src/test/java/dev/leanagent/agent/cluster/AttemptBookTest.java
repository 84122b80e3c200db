package dev.leanagent.agent.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptBookTest {

    @Test
    void handsOutOnlyWhatWasPulledAndSpreadsIt() {
        AttemptBook<String> book = new AttemptBook<>(5);
        assertTrue(book.assign().isEmpty(), "nothing before a pull");
        book.pulled("a", 2);
        book.pulled("b", 2);
        List<AttemptBook.Assignment<String>> given = book.assign();
        assertEquals(List.of(new AttemptBook.Assignment<>("a", 0), new AttemptBook.Assignment<>("b", 1),
                new AttemptBook.Assignment<>("a", 2), new AttemptBook.Assignment<>("b", 3)), given);
        assertTrue(book.assign().isEmpty(), "no demand left, one attempt waits");
        book.pulled("b", 1);
        assertEquals(List.of(new AttemptBook.Assignment<>("b", 4)), book.assign());
    }

    @Test
    void aLostWorkersUnfinishedAttemptsGoBackFirstAndNoneCountsTwice() {
        AttemptBook<String> book = new AttemptBook<>(3);
        book.pulled("a", 1);
        book.pulled("b", 2);
        book.assign(); // a: 0, b: 1 and 2
        assertTrue(book.finish(1));
        assertEquals(List.of(2L), book.lost("b"), "the finished one stays finished");
        assertFalse(book.knows("b"));
        assertTrue(book.assign().isEmpty(), "a has no room until it pulls");
        book.pulled("a", 1);
        assertEquals(List.of(new AttemptBook.Assignment<>("a", 2)), book.assign());
        assertTrue(book.finish(0));
        assertTrue(book.finish(2));
        assertFalse(book.finish(2), "a second result is a duplicate");
        assertTrue(book.complete());
    }

    @Test
    void aResultFromAWorkerThoughtLostStillCountsOnceAndLeavesTheQueue() {
        AttemptBook<String> book = new AttemptBook<>(1);
        book.pulled("a", 1);
        book.assign();
        book.lost("a");
        assertTrue(book.finish(0), "its result came after all");
        book.pulled("b", 1);
        assertTrue(book.assign().isEmpty(), "nothing to run again");
        assertTrue(book.complete());
    }

    @Test
    void afterACancellationItIsIdleOnceTheRunningOnesReported() {
        AttemptBook<String> book = new AttemptBook<>(3);
        book.pulled("a", 1);
        book.assign();
        book.stopHandingOut();
        assertFalse(book.idle());
        assertTrue(book.finish(0));
        assertTrue(book.idle());
        assertFalse(book.complete());
    }
}
