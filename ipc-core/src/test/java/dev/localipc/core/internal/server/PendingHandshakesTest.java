package dev.localipc.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingHandshakesTest {

    @Test
    void aFullTableMakesRoomByClosingTheOldestOfTheBusiestPeer() {
        PendingHandshakes<String> pending = new PendingHandshakes<>(4);
        assertNull(pending.add("good-1", 100L));
        assertNull(pending.add("bad-1", 666L));
        assertNull(pending.add("bad-2", 666L));
        assertNull(pending.add("bad-3", 666L));
        assertEquals("bad-1", pending.add("good-2", 100L), "the attacker holds the most: its oldest goes, not good-1");
        assertEquals("good-1", pending.add("bad-4", 666L), "a tie (2 each): the connection waiting longest goes");
        assertEquals("bad-2", pending.add("good-3", 100L), "666 holds three now");
        assertEquals(4, pending.size());
    }

    @Test
    void withOnePeerTheOldestGoes() {
        PendingHandshakes<String> pending = new PendingHandshakes<>(2);
        pending.add("a", 1L);
        pending.add("b", 1L);
        assertEquals("a", pending.add("c", 1L));
        assertEquals("b", pending.add("d", 1L));
    }

    @Test
    void removedConnectionsFreeTheirPlace() {
        PendingHandshakes<String> pending = new PendingHandshakes<>(2);
        pending.add("a", 1L);
        pending.add("b", 2L);
        assertTrue(pending.remove("a"));
        assertFalse(pending.remove("a"));
        assertNull(pending.add("c", 2L));
        assertEquals("b", pending.add("d", 3L), "peer 2 now holds two");
    }
}
