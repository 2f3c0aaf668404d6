package dev.localipc.examples.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a params field (or record component) as optional. ipc-core treats a reference-type
 * field that is null after binding as a missing required field (error -32602) unless it carries
 * an annotation named {@code Nullable}.
 *
 * <pre>{@code
 * public record StartNewTask(String text, @Nullable List<String> images) { }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD})
public @interface Nullable {
}
