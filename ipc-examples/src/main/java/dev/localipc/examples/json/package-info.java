/** JSON binding helpers of the example applications. */
package dev.localipc.examples.json;
