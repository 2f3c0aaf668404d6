/** The client-registry request that both example servers answer. Not API. */
package dev.localipc.examples.registry;
