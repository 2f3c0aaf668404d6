/** JSON binding helpers of the example applications. Not API. */
package dev.localipc.examples.json;
