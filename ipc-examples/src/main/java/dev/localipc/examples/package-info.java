/**
 * The localipc example applications and the {@code localipc} command-line client. Not API:
 * the module exports nothing; read it as sample code for {@code dev.localipc.core}.
 */
package dev.localipc.examples;
