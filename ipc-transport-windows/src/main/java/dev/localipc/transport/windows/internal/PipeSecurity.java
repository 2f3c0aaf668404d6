package dev.localipc.transport.windows.internal;

/**
 * The security descriptors, in SDDL, for the pipe and the token file.
 *
 * <p>Pipe: owner the current user; a protected DACL (no inherited entries) granting
 * GENERIC_ALL to the current user and to SYSTEM, nobody else. Token file: owner the current
 * user, protected DACL granting FILE_ALL_ACCESS to the current user only. SDDL syntax:
 * https://learn.microsoft.com/en-us/windows/win32/secauthz/security-descriptor-string-format
 *
 * <pre>{@code
 * String sddl = PipeSecurity.pipe("S-1-5-21-1-2-3-1001");
 * // "O:S-1-5-21-1-2-3-1001D:P(A;;GA;;;S-1-5-21-1-2-3-1001)(A;;GA;;;SY)"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PipeSecurity {
    /** The well-known SID of the LocalSystem account. */
    public static final String SYSTEM_SID = "S-1-5-18";

    private PipeSecurity() {
    }

    /** The pipe's security descriptor for the user {@code userSid}. */
    public static String pipe(String userSid) {
        return "O:" + userSid + "D:P(A;;GA;;;" + userSid + ")(A;;GA;;;SY)";
    }

    /** The token file's security descriptor for the user {@code userSid}. */
    public static String tokenFile(String userSid) {
        return "O:" + userSid + "D:P(A;;FA;;;" + userSid + ")";
    }
}
