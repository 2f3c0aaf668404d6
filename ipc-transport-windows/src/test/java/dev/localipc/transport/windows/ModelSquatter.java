package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinDef.DWORD;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.transport.windows.internal.Win32Pipes;
import dev.localipc.transport.windows.model.Win32PipeModel;

/** Creates a pipe instance the way a squatter would, with plain Win32 calls of another modelled process. */
final class ModelSquatter {
    /** A security descriptor of {@link Win32PipeModel#OTHER_USER_SID}'s that lets anyone open the pipe. */
    static final String OTHER_USERS_OPEN_TO_ALL = "O:" + Win32PipeModel.OTHER_USER_SID + "D:(A;;GA;;;WD)";

    private ModelSquatter() {
    }

    /**
     * An instance of {@code pipe} created by {@code squatter} with the security descriptor {@code sddl}
     * (null: the default DACL, its creator and SYSTEM only); the caller closes it.
     */
    static HANDLE squat(Win32Pipes squatter, String pipe, String sddl) {
        SECURITY_ATTRIBUTES security = null;
        if (sddl != null) {
            security = new SECURITY_ATTRIBUTES();
            security.dwLength = new DWORD(security.size());
            security.lpSecurityDescriptor = squatter.convertStringSecurityDescriptor(sddl);
            security.write();
        }
        HANDLE handle = squatter.createNamedPipe(pipe, 0x40000003, 0, 255, 4096, 4096, 0, security);
        assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(handle), "squatter could not create " + pipe);
        return handle;
    }
}
