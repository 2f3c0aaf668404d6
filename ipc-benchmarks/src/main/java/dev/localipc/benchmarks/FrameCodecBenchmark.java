package dev.localipc.benchmarks;

import dev.localipc.core.internal.wire.FrameReader;
import dev.localipc.core.internal.wire.Frames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The frame layer: splitting a stream of W2's notification frames into lines (with the UTF-8
 * check), and terminating a JSON text as a frame.
 *
 * <pre>{@code
 * java -cp 'ipc-benchmarks/target/ipc-benchmarks-0.1.0-SNAPSHOT.jar:ipc-benchmarks/target/lib/*' org.openjdk.jmh.Main FrameCodec
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
    static final int FRAMES = 1000;

    private byte[] stream;

    @Setup
    public void setUp() {
        Frames frames = new Frames(Frames.defaultGson());
        byte[] one = frames.notificationFrame("bench.msg", new Payload("00000042", "msg"));
        stream = new byte[one.length * FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            System.arraycopy(one, 0, stream, i * one.length, one.length);
        }
    }

    /** Time per frame to find the newline (64 KiB socket reads simulated by the stream). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int readFrames() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream), 16 * 1024 * 1024);
        int count = 0;
        while (reader.advance()) {
            count += reader.frameLength();
        }
        return count;
    }
}
