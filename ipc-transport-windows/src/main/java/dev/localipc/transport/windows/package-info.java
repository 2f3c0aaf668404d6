/**
 * The Windows named-pipe transport: {@link dev.localipc.transport.windows.WindowsTransportProvider},
 * found at run time by {@link dev.localipc.api.Transports} under the name {@code "windows"}.
 */
package dev.localipc.transport.windows;
