package dev.localipc.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    @Test
    void firstFailureIsAnsweredAtOnceThenEachWaitsLongerUpToOneSecond() {
        AuthThrottle throttle = new AuthThrottle();
        assertEquals(0, throttle.failureDelayMillis());
        assertEquals(50, throttle.failureDelayMillis());
        assertEquals(100, throttle.failureDelayMillis());
        for (int i = 0; i < 30; i++) {
            throttle.failureDelayMillis();
        }
        assertEquals(1000, throttle.failureDelayMillis());
    }

    @Test
    void tokensAreCheckedInConstantTimeAndGeneratedAs256BitHex() {
        String token = Secrets.newToken();
        assertTrue(token.matches("[0-9a-f]{64}"));
        assertFalse(token.equals(Secrets.newToken()));
        assertTrue(Secrets.matches(token, token));
        assertFalse(Secrets.matches(null, token));
        assertFalse(Secrets.matches(token.substring(1), token));
        assertTrue(Secrets.newClientId().matches("[0-9a-f]{12}"));
        assertTrue(Secrets.newSessionId().matches("[0-9a-f]{32}"));
    }
}
