package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;
import java.util.List;
import java.util.Objects;

/**
 * One message of a task's conversation as Roo Code shows it: what the agent (or the user) says,
 * or asks. On the wire: {@code {"ts":1796293755633,"type":"say","say":"text","text":"...","partial":false}}.
 * Roo uses {@code ts} as the message's identity: a {@code message} event with action
 * {@code updated} replaces the message with the same {@code ts}.
 *
 * <p>This model has the fields the task runner needs. Roo's {@code clineMessageSchema} has more,
 * all optional ({@code reasoning}, {@code checkpoint}, {@code progressStatus}...): {@link #parse}
 * ignores them (they are neither kept nor checked).
 *
 * <pre>{@code
 * ClineMessage said = ClineMessage.say(clock.millis(), ClineSay.TEXT, "Looking at the workspace");
 * }</pre>
 *
 * @param ts epoch milliseconds, the message's identity
 * @param type ask or say
 * @param ask what is asked, for {@code type} ask (Roo does not require it)
 * @param say what kind of statement, for {@code type} say (Roo does not require it)
 * @param text the text, or null (left out)
 * @param images image data, or null (left out)
 * @param partial true while the message is still streaming, false for its final version, null (left out) if it never streamed
 */
public record ClineMessage(long ts, ClineMessageKind type, @Nullable ClineAsk ask, @Nullable ClineSay say, @Nullable String text,
                           @Nullable List<String> images, @Nullable Boolean partial) {
    /** Copies the images; the type is required. */
    public ClineMessage {
        Objects.requireNonNull(type, "type");
        images = images == null ? null : List.copyOf(images);
    }

    /** A complete statement: {@code {"ts":..,"type":"say","say":..,"text":..}}. */
    public static ClineMessage say(long ts, ClineSay say, String text) {
        return new ClineMessage(ts, ClineMessageKind.SAY, null, Objects.requireNonNull(say, "say"), text, null, null);
    }

    /** A question: {@code {"ts":..,"type":"ask","ask":..,"text":..}}. */
    public static ClineMessage ask(long ts, ClineAsk ask, String text) {
        return new ClineMessage(ts, ClineMessageKind.ASK, Objects.requireNonNull(ask, "ask"), null, text, null, null);
    }

    /** This message with {@code partial} set. */
    public ClineMessage withPartial(boolean value) {
        return new ClineMessage(ts, type, ask, say, text, images, value);
    }

    /** The JSON object: ts, type, ask, say, text, images, partial (null fields left out). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("ts", ts);
        json.addProperty("type", type.wire());
        if (ask != null) {
            json.addProperty("ask", ask.wire());
        }
        if (say != null) {
            json.addProperty("say", say.wire());
        }
        if (text != null) {
            json.addProperty("text", text);
        }
        if (images != null) {
            json.add("images", JsonStringArray.of(images));
        }
        if (partial != null) {
            json.addProperty("partial", partial);
        }
        return json;
    }

    /**
     * Reads a message, checking ts, type, ask, say, text, images and partial as Roo's
     * {@code clineMessageSchema} does (ts must be a whole number here).
     *
     * @throws RooSchemaException if one of those is missing, of the wrong type, or an unknown ask / say value
     */
    public static ClineMessage parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        long ts = json.wholeNumber("ts");
        ClineMessageKind type = WireName.parse(ClineMessageKind.class, json.required("type"), json.at("type"));
        ClineAsk ask = json.has("ask") ? WireName.parse(ClineAsk.class, json.object().get("ask"), json.at("ask")) : null;
        ClineSay say = json.has("say") ? WireName.parse(ClineSay.class, json.object().get("say"), json.at("say")) : null;
        return new ClineMessage(ts, type, ask, say, json.optionalString("text"), json.optionalStrings("images"),
                json.optionalBool("partial"));
    }
}
