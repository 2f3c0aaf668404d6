package dev.localipc.core.internal.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonToken;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RpcErrorException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decoder of a connection's JSON-RPC frames: every frame (request, notification,
 * response, batch, the hello, {@code ipc.event}) is read once, in one pass over its bytes, in any
 * member order, into an {@link Inbound}, and the params, result or event data are bound during
 * that pass to the type their receiver asked for ({@link Targets}).
 *
 * <p>How members in an unusual order are handled: params are bound as they are met when the
 * method is already known (as every writer of this library orders them); otherwise, and for the
 * members of a batch, the decoder notes where the value is in the frame, checks it as JSON, and
 * binds it from there once the whole message is read.
 *
 * <p>A frame it refuses is worded exactly as docs/PROTOCOL.md says: -32700 with the reason for
 * bytes that are not UTF-8 or not JSON (then, and only then, the frame is parsed a second time
 * into a JSON tree, by Gson, for its message), -32600 for JSON that is not JSON-RPC, -32602 naming
 * the field for params that do not fit. Nothing a peer sends makes it throw.
 *
 * <pre>{@code
 * MessageDecoder decoder = new MessageDecoder(connection, new Binding(gson));
 * Inbound message = decoder.decode(frame, start, length);
 * }</pre>
 *
 * <p>Not thread-safe: one per connection, used by its reader thread only.
 */
public final class MessageDecoder implements FrameDecoder {
    /** The envelope's members, in the order they usually come: their index is what the decoder switches on. */
    private static final String[] MEMBERS = {"jsonrpc", "method", "params", "id", "result", "error"};
    private static final byte[][] MEMBER_BYTES = new byte[MEMBERS.length][];
    private static final int JSONRPC = 0;
    private static final int METHOD = 1;
    private static final int PARAMS = 2;
    private static final int ID = 3;
    private static final int RESULT = 4;
    private static final int ERROR = 5;
    /** How the requests and notifications of localipc's and most JSON-RPC peers' encoders begin. */
    private static final byte[] THEN_PARAMS = ",\"params\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] USUAL_START = "{\"jsonrpc\":\"2.0\",\"method\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < MEMBERS.length; i++) {
            MEMBER_BYTES[i] = MEMBERS[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageDecoder.class);
    private static final TypeAdapter<JsonElement> TREE = Frames.defaultGson().getAdapter(JsonElement.class);

    private final Targets targets;
    private final Binding binding;
    private final FrameJsonReader in = new FrameJsonReader();
    /** Re-reads a value noted in the pass (made when first needed). */
    private FrameJsonReader spans;
    /** Whether the pass in progress binds as it reads (the first; false when a frame is read again). */
    private boolean bindingInPass;
    private byte[] frame;

    public MessageDecoder(Targets targets, Binding binding) {
        this.targets = targets;
        this.binding = binding;
    }

    @Override
    public Binding binding() {
        return binding;
    }

    @Override
    public Inbound decode(byte[] bytes, int from, int length) {
        frame = bytes;
        try {
            return read(bytes, from, length, true);
        } catch (IOException | RuntimeException | StackOverflowError bindingFailed) {
            try {
                // the frame is JSON-RPC with a value that did not bind, or it is not JSON at all:
                // read again binding nothing during the pass, so that each value is bound alone
                return read(bytes, from, length, false);
            } catch (IOException | RuntimeException | StackOverflowError notJson) {
                return notJson(bytes, from, length, notJson);
            }
        } finally {
            frame = null;
        }
    }

    private Inbound read(byte[] bytes, int from, int length, boolean bindInPass) throws IOException {
        in.reset(bytes, from, from + length);
        bindingInPass = bindInPass;
        // the usual start is matched before anything is peeked (a peek would have read the '{' already)
        Inbound decoded = in.skipObjectPrefix(USUAL_START) ? message(bindInPass, true)
                : in.peek() == JsonToken.BEGIN_ARRAY ? batch() : message(bindInPass, false);
        if (in.peek() != JsonToken.END_DOCUMENT) {
            throw new IllegalStateException("data after the value");
        }
        return decoded;
    }

    private Inbound batch() throws IOException {
        in.beginArray();
        if (!in.hasNext()) {
            in.endArray();
            return invalid(null, "empty batch");
        }
        List<Inbound> members = new ArrayList<>();
        while (in.hasNext()) {
            members.add(message(false, false));
        }
        in.endArray();
        return new Inbound.Batch(members);
    }

    /**
     * One message: the members in any order, then the checks of JSON-RPC 2.0 in the order they were
     * always made. {@code usualStart}: the frame began with {@link #USUAL_START}, already skipped.
     */
    private Inbound message(boolean bindInPass, boolean usualStart) throws IOException {
        Envelope message = new Envelope();
        if (usualStart) {
            // what most frames begin with, matched at once; the rest is read as any other frame
            message.versionOk = true;
            message.hasMethod = true;
            message.method = in.peek() == JsonToken.STRING ? in.nextKnownString() : skippedString();
            if (in.skipNextName(THEN_PARAMS)) {
                readParams(message, bindInPass);
            }
        } else {
            JsonToken token = in.peek();
            if (token != JsonToken.BEGIN_OBJECT) {
                in.skipValue();
                return invalid(null, "a JSON-RPC message must be an object, not " + describe(token));
            }
            in.beginObject();
        }
        while (in.hasNext()) {
            switch (in.nextNameIndex(MEMBER_BYTES, MEMBERS)) {
                case JSONRPC -> message.versionOk = in.peek() == JsonToken.STRING ? "2.0".equals(in.nextKnownString()) : skipped();
                case ID -> readId(message);
                case METHOD -> {
                    message.hasMethod = true;
                    message.method = in.peek() == JsonToken.STRING ? in.nextKnownString() : skippedString();
                }
                case PARAMS -> readParams(message, bindInPass);
                case RESULT -> readResult(message, bindInPass);
                case ERROR -> {
                    message.hasError = true;
                    message.error = TREE.read(in);
                }
                default -> in.skipValue();
            }
        }
        in.endObject();
        return classify(message);
    }

    private Inbound classify(Envelope m) throws IOException {
        if (!m.versionOk) {
            return invalid(m.idValid ? m.id : null, "\"jsonrpc\" must be \"2.0\"");
        }
        if (!m.idValid) {
            return invalid(null, "\"id\" must be a string, a number or null");
        }
        if (m.hasMethod) {
            if (m.method == null) {
                return invalid(m.id, "\"method\" must be a string");
            }
            if (m.hasParams && m.paramsToken != JsonToken.BEGIN_OBJECT && m.paramsToken != JsonToken.BEGIN_ARRAY) {
                return invalid(m.id, "\"params\" must be an object or an array");
            }
            return call(m);
        }
        if (m.hasId && (m.hasResult || m.hasError)) {
            return response(m);
        }
        return invalid(m.hasId ? m.id : null, "a JSON-RPC message needs \"method\" (request, notification)"
                + " or \"result\"/\"error\" with \"id\" (response)");
    }

    private Inbound call(Envelope m) throws IOException {
        boolean request = m.hasId;
        ParamsTarget target = targets.target(m.method, request);
        Object params = null;
        if (target != null) {
            try {
                if (!m.hasParams) {
                    params = binding.absent(target.paramsType());
                } else if (m.boundTo == target) {
                    if (m.paramsRefusal != null) {
                        throw m.paramsRefusal;
                    }
                    params = m.params;
                } else {
                    params = bindParams(m, target);
                }
            } catch (Binding.Refusal refused) {
                return badParams(m.id, request, "invalid params of " + m.method + ": " + refused.getMessage());
            } catch (RpcErrorException refused) {
                return badParams(m.id, request, refused.getMessage());
            }
        }
        return request ? new Inbound.Request(m.id, m.method, target, params) : new Inbound.Notification(m.method, target, params);
    }

    private Object bindParams(Envelope m, ParamsTarget target) throws IOException {
        FrameJsonReader span = span(m.paramsStart, m.paramsEnd);
        try {
            return target.read(span, this);
        } catch (Binding.Refusal refused) {
            throw refused;
        } catch (IOException | RuntimeException | StackOverflowError failed) {
            // the tree decides: it words the refusal, or it binds what the frame names twice (the last value)
            return binding.bindTree(tree(m.paramsStart, m.paramsEnd), target.paramsType(), "params of ", m.method);
        }
    }

    private Inbound response(Envelope m) throws IOException {
        PendingCall call = pending(m.id);
        if (m.hasError && !m.error.isJsonNull()) {
            if (!m.error.isJsonObject()) {
                return invalid(m.id, "\"error\" must be an object");
            }
            return new Inbound.Response(m.id, call, null, m.error.getAsJsonObject(), null);
        }
        if (call == null || !m.hasResult) {
            return new Inbound.Response(m.id, call, null, null, null);
        }
        if (m.resultFor == call) {
            return new Inbound.Response(m.id, call, m.result, null, null);
        }
        try {
            return new Inbound.Response(m.id, call, binding.readResult(span(m.resultStart, m.resultEnd), call.resultType()), null, null);
        } catch (IOException | RuntimeException | StackOverflowError failed) {
            JsonElement tree = tree(m.resultStart, m.resultEnd);
            String mismatch = binding.resultMismatch(tree, call.resultType());
            if (mismatch == null) {
                // the tree binds what the frame refused: a member named twice (the tree keeps the last value)
                return new Inbound.Response(m.id, call, binding.readResultTree(tree, call.resultType()), null, null);
            }
            return new Inbound.Response(m.id, call, null, null, mismatch);
        }
    }

    // ---------------------------------------------------------------- members

    private void readId(Envelope m) throws IOException {
        m.hasId = true;
        m.idValid = true;
        switch (in.peek()) {
            case STRING -> m.id = new JsonPrimitive(in.nextString());
            case NUMBER -> m.id = in.isPlainLong() ? new JsonPrimitive(in.nextLong()) : TREE.read(in);
            case NULL -> {
                in.nextNull();
                m.id = JsonNull.INSTANCE;
            }
            default -> {
                in.skipValue();
                m.id = null;
                m.idValid = false;
            }
        }
    }

    /** Params: bound now when the method is known (and the pass binds), else checked and noted for later. */
    private void readParams(Envelope m, boolean bindInPass) throws IOException {
        m.hasParams = true;
        m.paramsToken = in.peek();
        m.paramsStart = in.valueStart();
        m.boundTo = null;
        m.params = null;
        m.paramsRefusal = null;
        ParamsTarget target = bindInPass && m.method != null
                && (m.paramsToken == JsonToken.BEGIN_OBJECT || m.paramsToken == JsonToken.BEGIN_ARRAY)
                ? targets.target(m.method, m.hasId) : null;
        if (target == null) {
            in.skipValue();
        } else {
            try {
                m.params = target.read(in, this);
            } catch (Binding.Refusal refused) {
                m.paramsRefusal = refused;
            }
            m.boundTo = target;
        }
        m.paramsEnd = in.position();
    }

    /** A result: bound now when the request it answers is known (and the pass binds), else noted for later. */
    private void readResult(Envelope m, boolean bindInPass) throws IOException {
        m.hasResult = true;
        m.resultStart = in.valueStart();
        m.resultFor = null;
        PendingCall call = bindInPass && m.hasId ? pending(m.id) : null;
        if (call == null) {
            in.skipValue();
        } else {
            m.result = binding.readResult(in, call.resultType());
            m.resultFor = call;
        }
        m.resultEnd = in.position();
    }

    private boolean skipped() throws IOException {
        in.skipValue();
        return false;
    }

    private String skippedString() throws IOException {
        in.skipValue();
        return null;
    }

    private PendingCall pending(JsonElement id) {
        if (id instanceof JsonPrimitive && ((JsonPrimitive) id).isNumber()) {
            try {
                return targets.pending(Long.parseLong(id.getAsString()));
            } catch (NumberFormatException notALong) {
                return null;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- values noted in the pass

    private FrameJsonReader span(int start, int end) {
        return spanReader().reset(frame, start, end);
    }

    private FrameJsonReader spanReader() {
        FrameJsonReader reader = spans;
        if (reader == null) {
            reader = spans = new FrameJsonReader();
        }
        return reader;
    }

    @Override
    public boolean bindsInPass(FrameJsonReader reader) {
        return bindingInPass && reader == in;
    }

    @Override
    public Object bindSpan(int start, int end, Type type, String what, String name) {
        return binding.bindValue(spanReader(), frame, start, end, type, what, name);
    }

    /** The value at {@code frame[start, end)} as a JSON tree, only to word why it did not bind. */
    private JsonElement tree(int start, int end) {
        return StrictJson.parse(new String(frame, start, end - start, StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- refusals

    /** The frame is not UTF-8 or not JSON: -32700 worded as Gson's strict parser words it. */
    private Inbound notJson(byte[] bytes, int from, int length, Throwable ours) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (CharacterCodingException e) {
            return new Inbound.Invalid(null, IpcErrorCodes.PARSE_ERROR, "parse error: frame of " + length
                    + " bytes is not valid UTF-8 (" + e.getMessage() + ")", true);
        }
        try {
            StrictJson.parse(text);
        } catch (JsonParseException e) {
            return new Inbound.Invalid(null, IpcErrorCodes.PARSE_ERROR, "parse error: " + e.getMessage(), true);
        }
        RpcErrorException bug = disagreement("a frame", ours);
        return new Inbound.Invalid(null, bug.code(), bug.getMessage(), true);
    }

    /**
     * The decoder refused what Gson reads: a bug of this library, never the peer's fault. Logged
     * with the cause; the peer gets -32603.
     */
    private static RpcErrorException disagreement(String what, Throwable ours) {
        LOG.error("localipc's decoder could not read {} that Gson reads: this is a bug, please report it", what, ours);
        return new RpcErrorException(IpcErrorCodes.INTERNAL_ERROR, "internal error");
    }

    private static Inbound invalid(JsonElement id, String problem) {
        return new Inbound.Invalid(id, IpcErrorCodes.INVALID_REQUEST, "invalid request: " + problem, true);
    }

    private static Inbound badParams(JsonElement id, boolean request, String message) {
        return new Inbound.Invalid(request ? id : null, IpcErrorCodes.INVALID_PARAMS, message, request);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_ARRAY -> "an array";
            case NULL -> "null";
            case STRING -> "a string";
            case NUMBER -> "a number";
            default -> "a boolean";
        };
    }

    /** What the pass found in one message object (the last of each member wins, as in a JSON object). */
    private static final class Envelope {
        boolean versionOk;
        boolean hasId;
        boolean idValid = true;
        JsonElement id;
        boolean hasMethod;
        String method;
        boolean hasParams;
        JsonToken paramsToken;
        int paramsStart;
        int paramsEnd;
        /** The target the params were bound for in the pass; null if they were not. */
        ParamsTarget boundTo;
        Object params;
        Binding.Refusal paramsRefusal;
        boolean hasResult;
        int resultStart;
        int resultEnd;
        PendingCall resultFor;
        Object result;
        boolean hasError;
        JsonElement error;
    }
}
