package dev.localipc.benchmarks;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import dev.localipc.core.internal.FrameJsonReader;
import dev.localipc.core.internal.Frames;
import dev.localipc.core.internal.Message;
import dev.localipc.core.internal.ParamsBinder;
import dev.localipc.core.internal.StrictJson;
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
 * request/notification/result frames out; strict parse, classification and typed binding in.
 * {@link #gsonTypedOnly} is the floor: Gson binding the bare payload, no envelope.
 * {@link #bindParamsFromBytes} is what the fast path does with the params of a notification
 * (a reused {@link FrameJsonReader} over the frame's bytes), {@link #bindParamsWithNewGsonReader}
 * what it did before (a new strict Gson reader over the params' text per frame).
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
    private ParamsBinder binder;
    private Gson gson;
    private Payload payload;
    private JsonElement id;
    private String notificationText;
    private String responseText;
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
        binder = new ParamsBinder(frames.gson());
        payload = new Payload("00000042", "req");
        id = new JsonPrimitive(42);
        byte[] notification = frames.notification("bench.msg", payload);
        notificationText = new String(notification, 0, notification.length - 1, StandardCharsets.UTF_8);
        responseText = frames.result(id, payload);
        payloadText = gson.toJson(payload);
        notificationBytes = notification;
        paramsStart = notificationText.indexOf(",\"params\":") + ",\"params\":".length();
        paramsEnd = notification.length - 2;
        paramsText = notificationText.substring(paramsStart, paramsEnd);
        adapter = frames.gson().getAdapter(Payload.class);
        json = new FrameJsonReader();
    }

    @Benchmark
    public byte[] encodeRequest() {
        return frames.request(42, "bench.echo", payload);
    }

    @Benchmark
    public byte[] encodeNotification() {
        return frames.notification("bench.msg", payload);
    }

    @Benchmark
    public byte[] encodeResult() {
        return frames.resultFrame(id, payload);
    }

    /** What a server's reader does with a notification: parse, classify, bind the params. */
    @Benchmark
    public Object decodeNotification() {
        Message message = Message.of(StrictJson.parse(notificationText));
        return binder.bind(message.params(), Payload.class, "params of bench.msg");
    }

    /** What a client's reader does with a response: parse, classify, bind the result. */
    @Benchmark
    public Object decodeResponse() {
        Message message = Message.of(StrictJson.parse(responseText));
        return frames.gson().fromJson(message.result(), Payload.class);
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
