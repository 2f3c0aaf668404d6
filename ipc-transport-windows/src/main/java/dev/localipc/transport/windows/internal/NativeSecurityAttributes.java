package dev.localipc.transport.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinDef.DWORD;
import java.io.IOException;

/**
 * A SECURITY_ATTRIBUTES built from SDDL through ConvertStringSecurityDescriptorToSecurityDescriptorW,
 * not inheritable; {@link #close()} frees the descriptor with LocalFree.
 *
 * <pre>{@code
 * try (NativeSecurityAttributes security = NativeSecurityAttributes.fromSddl(api, PipeSecurity.pipe(sid), "pipe " + name)) {
 *     api.createNamedPipe(name, ..., security.attributes());
 * }
 * }</pre>
 *
 * <p>Not thread-safe for {@link #close()}; the owner closes it once nothing uses it any more.
 */
public final class NativeSecurityAttributes implements AutoCloseable {
    private final Win32Pipes api;
    private final String sddl;
    private final Pointer descriptor;
    private final SECURITY_ATTRIBUTES attributes;
    private boolean closed;

    private NativeSecurityAttributes(Win32Pipes api, String sddl, Pointer descriptor) {
        this.api = api;
        this.sddl = sddl;
        this.descriptor = descriptor;
        this.attributes = new SECURITY_ATTRIBUTES();
        attributes.dwLength = new DWORD(attributes.size());
        attributes.lpSecurityDescriptor = descriptor;
        attributes.bInheritHandle = false;
        attributes.write();
    }

    /**
     * Converts {@code sddl}; {@code forWhat} names the object in the error message.
     *
     * @throws IOException naming the SDDL and the Win32 error if the conversion fails
     */
    public static NativeSecurityAttributes fromSddl(Win32Pipes api, String sddl, String forWhat) throws IOException {
        Pointer descriptor = api.convertStringSecurityDescriptor(sddl);
        if (descriptor == null) {
            throw new IOException("cannot build the security descriptor " + sddl + " for " + forWhat
                    + ": ConvertStringSecurityDescriptorToSecurityDescriptorW failed with "
                    + Win32Error.describe(api.getLastError()));
        }
        return new NativeSecurityAttributes(api, sddl, descriptor);
    }

    /** The attributes to pass to CreateNamedPipe or CreateFile. */
    public SECURITY_ATTRIBUTES attributes() {
        return attributes;
    }

    /** The SDDL the descriptor was built from. */
    public String sddl() {
        return sddl;
    }

    /** Frees the descriptor. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            api.localFree(descriptor);
        }
    }
}
