/**
 * The Unix domain socket transport ({@code "unix"}): see {@link dev.localipc.transport.unix.UnixTransportProvider}.
 */
package dev.localipc.transport.unix;
