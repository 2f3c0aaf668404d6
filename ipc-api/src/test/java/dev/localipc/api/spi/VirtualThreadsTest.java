package dev.localipc.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** Virtual threads exactly when the running JVM has them (21+), named platform daemon threads otherwise. */
class VirtualThreadsTest {
    private static final boolean JAVA_21 = Runtime.version().feature() >= 21;

    @Test
    void availableExactlyFromJava21() {
        assertEquals(JAVA_21 && !"false".equalsIgnoreCase(System.getProperty("localipc.virtualThreads")),
                VirtualThreads.available());
    }

    @Test
    void factoryMakesNamedThreadsOfTheRightKind() throws Exception {
        ThreadFactory factory = VirtualThreads.factory("work-");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });
        assertEquals("work-0", first.getName());
        assertEquals("work-1", second.getName());
        assertEquals(VirtualThreads.available(), isVirtual(first));
        if (!VirtualThreads.available()) {
            assertTrue(first.isDaemon(), "platform threads are daemons");
        }
        first.start();
        first.join();
    }

    @Test
    void platformFactoryAlwaysMakesDaemonPlatformThreads() throws Exception {
        Thread thread = VirtualThreads.platformFactory("plain-").newThread(() -> { });
        assertEquals("plain-0", thread.getName());
        assertTrue(thread.isDaemon());
        assertFalse(isVirtual(thread));
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        if (!JAVA_21) {
            return false;
        }
        Method isVirtual = Thread.class.getMethod("isVirtual");
        return (boolean) isVirtual.invoke(thread);
    }
}
