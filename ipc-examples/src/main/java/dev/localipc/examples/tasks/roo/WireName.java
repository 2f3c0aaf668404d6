package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import dev.localipc.examples.json.Nullable;

/**
 * An enum constant of Roo's schema with the exact string it has on the wire ({@code "built-in"},
 * {@code "taskCompleted"}, {@code "execute_command"}...). Implemented by this package's enums.
 *
 * <pre>{@code
 * ClineSay say = WireName.parse(ClineSay.class, json.get("say"), "message.say");
 * }</pre>
 */
public interface WireName {
    /** The string on the wire. */
    String wire();

    /**
     * The constant whose wire string is {@code value}.
     *
     * @throws RooSchemaException if {@code value} is not a string, or not one of the constants
     *     (the message lists them, as zod's "Invalid enum value" does)
     */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, @Nullable JsonElement value, String path)
            throws RooSchemaException {
        String text = ObjectReader.string(value, path);
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(text)) {
                return constant;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            known.append(known.length() == 0 ? "" : ", ").append(constant.wire());
        }
        throw new RooSchemaException(path, "\"" + text + "\" is not a value of " + type.getSimpleName() + " (@roo-code/types 1.115.0);"
                + " expected one of " + known);
    }
}
