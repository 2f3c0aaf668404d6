package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;

/**
 * One model of a {@code modelsResponse} (its value in the {@code Record<modelId, ModelInfo>}):
 * the two fields Roo's {@code modelInfoSchema} requires and two optional ones.
 * On the wire: {@code {"maxTokens":8192,"contextWindow":200000,"supportsPromptCache":false,"description":"..."}}.
 * {@link #parse} checks these four and ignores the schema's other optional fields (prices,
 * reasoning options, tiers...).
 *
 * <pre>{@code
 * RooTaskEvent answer = RooTaskEvent.modelsResponse(Map.of("localipc/simulated",
 *         new ModelInfo(25_000, false, null, "the task runner's simulated agent")));
 * }</pre>
 *
 * @param contextWindow the context window in tokens
 * @param supportsPromptCache whether the model has a prompt cache
 * @param maxTokens the most tokens it writes in one answer, or null (left out)
 * @param description a description, or null (left out)
 */
public record ModelInfo(long contextWindow, boolean supportsPromptCache, @Nullable Long maxTokens, @Nullable String description) {
    /** The JSON object, null fields left out. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (maxTokens != null) {
            json.addProperty("maxTokens", maxTokens);
        }
        json.addProperty("contextWindow", contextWindow);
        json.addProperty("supportsPromptCache", supportsPromptCache);
        if (description != null) {
            json.addProperty("description", description);
        }
        return json;
    }

    /**
     * Reads the four fields of this model ({@code maxTokens} may also be null, as Roo's schema allows).
     *
     * @throws RooSchemaException naming the field that is missing or of the wrong type
     */
    public static ModelInfo parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        JsonElement max = json.object().get("maxTokens");
        Long maxTokens = max == null || max.isJsonNull() ? null : ObjectReader.wholeNumber(max, json.at("maxTokens"));
        return new ModelInfo(json.wholeNumber("contextWindow"), json.bool("supportsPromptCache"), maxTokens,
                json.optionalString("description"));
    }
}
