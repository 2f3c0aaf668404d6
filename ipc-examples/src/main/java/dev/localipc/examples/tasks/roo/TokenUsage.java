package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;

/**
 * A task's token use and cost so far, element 1 of {@code taskTokenUsageUpdated} and
 * {@code taskCompleted}. On the wire (keys in this order):
 * {@code {"totalTokensIn":1234,"totalTokensOut":56,"totalCacheWrites":0,"totalCacheReads":0,"totalCost":0.0123,"contextTokens":1290}}.
 *
 * <pre>{@code
 * TokenUsage usage = new TokenUsage(1234, 56, 0L, 0L, 0.0123, 1290);
 * }</pre>
 *
 * @param totalTokensIn tokens sent to the model
 * @param totalTokensOut tokens the model produced
 * @param totalCacheWrites tokens written to the prompt cache, or null (left out)
 * @param totalCacheReads tokens read from the prompt cache, or null (left out)
 * @param totalCost the cost in dollars
 * @param contextTokens the size of the context window in use
 */
public record TokenUsage(long totalTokensIn, long totalTokensOut, @Nullable Long totalCacheWrites, @Nullable Long totalCacheReads,
                         double totalCost, long contextTokens) {
    /** Checks the cost is a finite number (JSON has no NaN). */
    public TokenUsage {
        if (!Double.isFinite(totalCost)) {
            throw new IllegalArgumentException("totalCost must be a finite number; got " + totalCost);
        }
    }

    /** The JSON object, keys in Roo's order; null cache counts are left out. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("totalTokensIn", totalTokensIn);
        json.addProperty("totalTokensOut", totalTokensOut);
        if (totalCacheWrites != null) {
            json.addProperty("totalCacheWrites", totalCacheWrites);
        }
        if (totalCacheReads != null) {
            json.addProperty("totalCacheReads", totalCacheReads);
        }
        json.addProperty("totalCost", totalCost);
        json.addProperty("contextTokens", contextTokens);
        return json;
    }

    /**
     * Reads a TokenUsage as Roo's {@code tokenUsageSchema} does (token counts must be whole numbers here).
     *
     * @throws RooSchemaException naming the field that is missing or of the wrong type
     */
    public static TokenUsage parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        return new TokenUsage(json.wholeNumber("totalTokensIn"), json.wholeNumber("totalTokensOut"),
                json.optionalWholeNumber("totalCacheWrites"), json.optionalWholeNumber("totalCacheReads"),
                json.number("totalCost"), json.wholeNumber("contextTokens"));
    }
}
