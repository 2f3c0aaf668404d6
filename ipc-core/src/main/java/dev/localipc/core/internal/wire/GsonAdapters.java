package dev.localipc.core.internal.wire;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gson's type adapters by type, for the decoder's binding and the encoder: the last one asked
 * for is kept apart (the frames of a connection mostly carry one type after another, and Gson's
 * own lookup showed in profiles), the others in a map.
 *
 * <pre>{@code
 * TypeAdapter<Object> adapter = new GsonAdapters(gson).get(Pair.class);
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class GsonAdapters {
    private final Gson gson;
    private final Map<Type, TypeAdapter<Object>> adapters = new ConcurrentHashMap<>();
    private volatile Last last;

    private record Last(Type type, TypeAdapter<Object> adapter) {
    }

    GsonAdapters(Gson gson) {
        this.gson = gson;
    }

    /** Gson's adapter for {@code type}. */
    @SuppressWarnings("unchecked")
    TypeAdapter<Object> get(Type type) {
        Last kept = last;
        if (kept != null && kept.type == type) {
            return kept.adapter;
        }
        TypeAdapter<Object> adapter = adapters.computeIfAbsent(type, t -> (TypeAdapter<Object>) gson.getAdapter(TypeToken.get(t)));
        last = new Last(type, adapter);
        return adapter;
    }
}
