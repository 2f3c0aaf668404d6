package dev.localipc.benchmarks;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import dev.localipc.core.internal.wire.Binding;
import dev.localipc.core.internal.wire.FrameJsonReader;
import dev.localipc.core.internal.wire.Frames;
import dev.localipc.core.internal.wire.MessageDecoder;
import dev.localipc.core.internal.wire.ParamsTarget;
import dev.localipc.core.internal.wire.PendingCall;
import dev.localipc.core.internal.wire.Targets;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON-RPC encoding and decoding of the benchmark payload as ipc-core does it per message:
 * request/notification/result frames out; the one decoder in (envelope and typed binding in one
 * pass over the frame's bytes). {@link #gsonTypedOnly} is the floor: Gson binding the bare
 * payload, no envelope. {@link #bindParamsFromBytes} and {@link #bindParamsWithNewGsonReader}
 * are the measurement behind the decoder's design: a reused {@link FrameJsonReader} over the
 * frame's bytes against a new strict Gson reader over the params' text per frame.
 *
 * <pre>{@code
 * java -cp 'ipc-benchmarks/target/ipc-benchmarks-0.1.0-SNAPSHOT.jar:ipc-benchmarks/target/lib/*' org.openjdk.jmh.Main JsonRpc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonRpcBenchmark {
    private Frames frames;
    private MessageDecoder decoder;
    private Gson gson;
    private Payload payload;
    private JsonElement id;
    private String notificationText;
    private byte[] responseBytes;
    private String payloadText;
    private byte[] notificationBytes;
    private int paramsStart;
    private int paramsEnd;
    private String paramsText;
    private TypeAdapter<Payload> adapter;
    private FrameJsonReader json;

    @Setup
    public void setUp() {
        gson = Frames.defaultGson();
        frames = new Frames(gson);
        ParamsTarget params = () -> Payload.class;
        PendingCall call = new PendingCall() {
            @Override
            public String method() {
                return "bench.echo";
            }

            @Override
            public java.lang.reflect.Type resultType() {
                return Payload.class;
            }
        };
        decoder = new MessageDecoder(new Targets() {
            @Override
            public ParamsTarget target(String method, boolean request) {
                return params;
            }

            @Override
            public PendingCall pending(long pendingId) {
                return call;
            }
        }, new Binding(frames.gson()));
        payload = new Payload("00000042", "req");
        id = new JsonPrimitive(42);
        byte[] notification = frames.notificationFrame("bench.msg", payload);
        notificationText = new String(notification, 0, notification.length - 1, StandardCharsets.UTF_8);
        responseBytes = frames.result(id, payload);
        payloadText = gson.toJson(payload);
        notificationBytes = notification;
        paramsStart = notificationText.indexOf(",\"params\":") + ",\"params\":".length();
        paramsEnd = notification.length - 2;
        paramsText = notificationText.substring(paramsStart, paramsEnd);
        adapter = frames.gson().getAdapter(Payload.class);
        json = new FrameJsonReader();
    }

    @Benchmark
    public int encodeRequest() {
        var frame = frames.request(42, "bench.echo", payload);
        int length = frame.length();
        frame.release();
        return length;
    }

    @Benchmark
    public int encodeNotification() {
        var frame = frames.notification("bench.msg", payload);
        int length = frame.length();
        frame.release();
        return length;
    }

    @Benchmark
    public byte[] encodeResult() {
        return frames.result(id, payload);
    }

    /** What a server's reader does with a notification: the envelope read and the params bound, in one pass. */
    @Benchmark
    public Object decodeNotification() {
        return decoder.decode(notificationBytes, 0, notificationBytes.length - 1);
    }

    /** What a client's reader does with a response: the envelope read and the result bound, in one pass. */
    @Benchmark
    public Object decodeResponse() {
        return decoder.decode(responseBytes, 0, responseBytes.length - 1);
    }

    @Benchmark
    public Object bindParamsFromBytes() throws IOException {
        return adapter.read(json.reset(notificationBytes, paramsStart, paramsEnd));
    }

    @Benchmark
    public Object bindParamsWithNewGsonReader() throws IOException {
        JsonReader in = new JsonReader(new StringReader(paramsText));
        in.setStrictness(Strictness.STRICT);
        return adapter.read(in);
    }

    @Benchmark
    public Object gsonTypedOnly() {
        return gson.fromJson(payloadText, Payload.class);
    }
}
