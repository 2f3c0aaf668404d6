package dev.localipc.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TransportAddressTest {
    private static final Endpoint ROO = Endpoint.ofSocketPath("/tmp/evals-1-2.sock");

    @Test
    void anAddressInARuntimeDirectoryHasItsDirectoryAndTokenFile() {
        Path dir = Path.of("/run/user/1000/app");
        TransportAddress address = new TransportAddress("unix", Endpoint.of("app", "x"), dir + "/x.sock", dir,
                dir.resolve("x.token"));
        assertTrue(address.isInRuntimeDirectory());
        assertEquals(dir, address.directory());
        assertEquals(dir.resolve("x.token"), address.tokenFile());
    }

    @Test
    void aSocketPathAddressHasALocationOnly() {
        TransportAddress address = TransportAddress.ofSocketPath("unix", ROO, "/tmp/evals-1-2.sock");
        assertFalse(address.isInRuntimeDirectory());
        assertEquals("/tmp/evals-1-2.sock", address.location());
        assertEquals(ROO, address.endpoint());
        assertEquals("unix:/tmp/evals-1-2.sock", address.toString());
    }

    @Test
    void aSocketPathAddressSaysWhyItHasNoTokenFile() {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> TransportAddress.ofSocketPath("unix", ROO, "/tmp/evals-1-2.sock").tokenFile());
        assertEquals("no token file is published for /tmp/evals-1-2.sock: its endpoint is named by its socket path,"
                + " and localipc writes token files only in its own runtime directory; give the client the token"
                + " another way", none.getMessage());
    }

    @Test
    void aSocketPathAddressSaysWhyItHasNoDirectory() {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> TransportAddress.ofSocketPath("windows", ROO, "\\\\.\\pipe\\tmp-evals-1-2.sock").directory());
        assertEquals("\\\\.\\pipe\\tmp-evals-1-2.sock is an explicit socket path (socket /tmp/evals-1-2.sock), not in a"
                + " runtime directory of localipc's: check TransportAddress.isInRuntimeDirectory() first",
                none.getMessage());
    }

    @Test
    void onlyASocketPathEndpointMakesASocketPathAddress() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TransportAddress.ofSocketPath("unix", Endpoint.of("app", "x"), "/tmp/x.sock"));
        assertEquals("endpoint app/x is not named by a socket path: resolve it with TransportAddress's constructor,"
                + " which takes its runtime directory and token file", refused.getMessage());
    }

    @Test
    void socketPathAddressesHaveValueSemantics() {
        TransportAddress a = TransportAddress.ofSocketPath("unix", ROO, "/tmp/evals-1-2.sock");
        TransportAddress same = TransportAddress.ofSocketPath("unix", Endpoint.ofSocketPath("/tmp/evals-1-2.sock"),
                "/tmp/evals-1-2.sock");
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, TransportAddress.ofSocketPath("jdk-unix", ROO, "/tmp/evals-1-2.sock"));
        assertNotEquals(a, new TransportAddress("unix", ROO, "/tmp/evals-1-2.sock", Path.of("/tmp"),
                Path.of("/tmp/evals-1-2.token")));
    }
}
