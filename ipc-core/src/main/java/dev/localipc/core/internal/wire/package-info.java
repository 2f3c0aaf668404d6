/**
 * The wire: bytes in and out. Frames are split from the stream ({@link FrameReader}), each frame
 * is decoded once, in one pass, into an {@link Inbound} message with its params, result or event
 * data already bound ({@link MessageDecoder}), and messages are encoded into frames
 * ({@link Frames}). {@link FrameCodec} is the seam a second format plugs into.
 *
 * <p>Implementation of ipc-core, not API: this package is not exported and may change in any
 * release. It depends on nothing else of ipc-core's internals.
 */
package dev.localipc.core.internal.wire;
