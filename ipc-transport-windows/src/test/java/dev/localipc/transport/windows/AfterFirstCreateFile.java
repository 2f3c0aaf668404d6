package dev.localipc.transport.windows;

import dev.localipc.transport.windows.internal.Win32Pipes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Win32Pipes} that runs an action once, right after the first CreateFile call returns.
 * In a listener that call is the probe of the pipe name, so the action (another process creating
 * the name) lands in the window between the probe and the listener's own CreateNamedPipe; in a
 * client it is the first attempt to open the pipe, so the action learns that the client has tried
 * (and, with every instance taken, met ERROR_PIPE_BUSY). The action runs on another thread, which
 * the call waits for, so the caller's last error stays its own. Works over the real API and over
 * the model alike (a {@link Proxy}, no mocking library).
 *
 * <pre>{@code
 * Win32Pipes racing = AfterFirstCreateFile.wrap(JnaWin32Pipes.load(), () -> squatter.set(createRawInstance()));
 * }</pre>
 *
 * <p>Thread-safe; the action runs at most once.
 */
public final class AfterFirstCreateFile {
    private AfterFirstCreateFile() {
    }

    /** {@code api}, with {@code action} run once after its first {@code createFile}. */
    public static Win32Pipes wrap(Win32Pipes api, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return (Win32Pipes) Proxy.newProxyInstance(Win32Pipes.class.getClassLoader(), new Class<?>[] {Win32Pipes.class},
                (proxy, method, arguments) -> {
                    Object result;
                    try {
                        result = method.invoke(api, arguments);
                    } catch (InvocationTargetException failed) {
                        throw failed.getCause();
                    }
                    if (method.getName().equals("createFile") && done.compareAndSet(false, true)) {
                        CompletableFuture.runAsync(action).get(30, TimeUnit.SECONDS);
                    }
                    return result;
                });
    }
}
