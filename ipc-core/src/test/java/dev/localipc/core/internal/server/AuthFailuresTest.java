package dev.localipc.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuthFailuresTest {

    @Test
    void eachPeerIsSlowedByItsOwnFailuresOnly() {
        AuthFailures failures = new AuthFailures();
        assertEquals(50, failures.delayMillis(1L));
        assertEquals(100, failures.delayMillis(1L));
        assertEquals(150, failures.delayMillis(1L));
        assertEquals(50, failures.delayMillis(2L), "another process starts from the first step");
    }

    @Test
    void theDelayStopsAtOneSecond() {
        AuthFailures failures = new AuthFailures();
        long last = 0;
        for (int i = 0; i < 100; i++) {
            last = failures.delayMillis("uid 7");
        }
        assertEquals(AuthFailures.MAX_MILLIS, last);
    }

    @Test
    void manyPeersDoNotGrowWithoutBound() {
        AuthFailures failures = new AuthFailures();
        for (long pid = 0; pid < 3 * AuthFailures.MAX_PEERS; pid++) {
            assertEquals(50, failures.delayMillis(pid), "pid " + pid);
        }
    }
}
