package dev.localipc.core.internal.wire;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;

/**
 * Lets Gson bind a {@link Map} from a {@link FrameJsonReader}. Gson's own map adapter reads a
 * key through a back door into {@link JsonReader}'s private state, which a reader of bytes does
 * not have; so a map met while reading a frame is read as JSON, then bound by Gson's adapter
 * from its text with Gson's strict reader (exactly, as a number that does not fit is refused
 * rather than narrowed). Writing, and reading from any other reader, is Gson's own.
 *
 * <pre>{@code
 * Gson gson = new GsonBuilder().registerTypeAdapterFactory(new MapKeys()).create();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class MapKeys implements TypeAdapterFactory {
    private static final TypeAdapter<JsonElement> TREE = Frames.defaultGson().getAdapter(JsonElement.class);

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        if (!Map.class.isAssignableFrom(type.getRawType())) {
            return null;
        }
        TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
        return new TypeAdapter<T>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                delegate.write(out, value);
            }

            @Override
            public T read(JsonReader in) throws IOException {
                if (!(in instanceof FrameJsonReader) || in.peek() == JsonToken.NULL) {
                    return delegate.read(in);
                }
                JsonReader text = new JsonReader(new StringReader(TREE.read(in).toString()));
                text.setStrictness(Strictness.STRICT);
                return delegate.read(text);
            }
        };
    }
}
