/**
 * The {@code localipc} command (picocli): the example servers in the foreground and the client
 * commands list, call, notify, watch, clients and eval; exit codes in
 * {@link dev.localipc.examples.cli.ExitCodes}. Not API.
 */
package dev.localipc.examples.cli;
