/** The client-registry request that both example servers answer. */
package dev.localipc.examples.registry;
