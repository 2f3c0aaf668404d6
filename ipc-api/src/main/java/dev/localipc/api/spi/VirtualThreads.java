package dev.localipc.api.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread factories for connection work: virtual threads when the running JVM has them
 * (Java 21+), daemon platform threads otherwise. The library is compiled for Java 17, so the
 * virtual-thread API is looked up at run time.
 *
 * <pre>{@code
 * ThreadFactory threads = VirtualThreads.factory("localipc-conn-");
 * threads.newThread(() -> serve(connection)).start();
 * }</pre>
 *
 * <p>One system property steers every thread of localipc, {@value #PROPERTY}: {@code false}
 * forces platform threads everywhere; {@code true} also puts ipc-core's connection readers and
 * workers on virtual threads (see {@link #requested()}); unset, ipc-core keeps them on platform
 * threads (measured: lower latency, and no reader starved by the transport's poller under load).
 * Thread-safe.
 */
public final class VirtualThreads {
    /** The system property that turns virtual threads off ({@code false}) or on for everything ({@code true}). */
    public static final String PROPERTY = "localipc.virtualThreads";

    private static final MethodHandle OF_VIRTUAL = findOfVirtual();

    private VirtualThreads() {
    }

    /**
     * {@return whether {@value #PROPERTY} is {@code true} and this JVM has virtual threads} Then
     * connection threads should be virtual.
     */
    public static boolean requested() {
        return OF_VIRTUAL != null && "true".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /** {@return whether {@link #factory(String)} makes virtual threads in this JVM} */
    public static boolean available() {
        return OF_VIRTUAL != null;
    }

    /**
     * A factory whose threads are named {@code prefix + n}: virtual threads when available,
     * otherwise daemon platform threads.
     *
     * @param prefix the start of every thread's name
     * @return the factory
     */
    public static ThreadFactory factory(String prefix) {
        if (OF_VIRTUAL != null) {
            try {
                return (ThreadFactory) OF_VIRTUAL.invoke(prefix);
            } catch (Throwable unexpected) {
                throw new IllegalStateException("cannot create a virtual thread factory", unexpected);
            }
        }
        return platformFactory(prefix);
    }

    /**
     * A factory of daemon platform threads named {@code prefix + n}, for work that must not run on a virtual thread.
     *
     * @param prefix the start of every thread's name
     * @return the factory
     */

    public static ThreadFactory platformFactory(String prefix) {
        AtomicLong counter = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, prefix + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static MethodHandle findOfVirtual() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Class<?> virtualBuilderClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(virtualBuilderClass));
            MethodHandle name = lookup.findVirtual(virtualBuilderClass, "name",
                    MethodType.methodType(virtualBuilderClass, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class));
            // prefix -> Thread.ofVirtual().name(prefix, 0).factory()
            MethodHandle named = MethodHandles.insertArguments(name, 2, 0L);               // (builder, prefix)
            MethodHandle withBuilder = MethodHandles.foldArguments(named, ofVirtual);        // (prefix)
            MethodHandle asBuilder = withBuilder.asType(MethodType.methodType(builderClass, String.class));
            return MethodHandles.filterReturnValue(asBuilder, factory);
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            return null;
        }
    }
}
