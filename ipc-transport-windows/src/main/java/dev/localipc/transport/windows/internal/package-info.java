/**
 * Implementation of the Windows named-pipe transport. Not API: module-info does not export
 * this package and anything here may change without notice.
 *
 * <p>Every Win32 call goes through {@link dev.localipc.transport.windows.internal.Win32Pipes}, so
 * the transport's logic runs unchanged over the real kernel ({@link
 * dev.localipc.transport.windows.internal.JnaWin32Pipes}, Windows only) or over an in-memory
 * model of the named-pipe API in tests.
 */
package dev.localipc.transport.windows.internal;
