package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The advapi32 calls that jna-platform's {@code Advapi32} lacks.
 *
 * <pre>{@code
 * PipeAdvapi32 advapi32 = Native.load("advapi32", PipeAdvapi32.class, W32APIOptions.DEFAULT_OPTIONS);
 * PointerByReference descriptor = new PointerByReference();
 * advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, PipeAdvapi32.SDDL_REVISION_1, descriptor, null);
 * }</pre>
 *
 * <p>Loaded only on Windows, by {@link JnaWin32Pipes#load()}. Thread-safe.
 */
public interface PipeAdvapi32 extends StdCallLibrary {
    /** The only SDDL revision. */
    int SDDL_REVISION_1 = 1;

    /** https://learn.microsoft.com/en-us/windows/win32/api/sddl/nf-sddl-convertstringsecuritydescriptortosecuritydescriptorw */
    boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(String sddl, int revision,
            PointerByReference securityDescriptor, IntByReference size);

    /** https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-impersonatenamedpipeclient */
    boolean ImpersonateNamedPipeClient(HANDLE pipe);
}
