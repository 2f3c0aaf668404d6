/**
 * Implementation of the Unix transport. Not API: nothing here is exported, and any of it may
 * change without notice.
 */
package dev.localipc.transport.unix.internal;
