package dev.localipc.core.internal.wire;

import com.google.gson.FieldNamingStrategy;
import com.google.gson.annotations.SerializedName;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the first missing required field of a bound params object.
 *
 * <p>The rule (docs/PROTOCOL.md, "Typed params"): a field of a reference type that is null after
 * binding is missing, unless it is annotated with any annotation named {@code Nullable} (from any
 * package: JSpecify, Jakarta, JetBrains, ...). A field with a non-null default in its initializer
 * is therefore optional. Primitive fields are never missing (absent means 0/false). Fields of
 * application classes are checked recursively and reported with a dotted path.
 */
final class RequiredFields {
    private static final Logger LOG = LoggerFactory.getLogger(RequiredFields.class);
    private static final int MAX_DEPTH = 8;
    private static final ClassValue<CheckedField[]> CHECKED = new ClassValue<>() {
        @Override
        protected CheckedField[] computeValue(Class<?> type) {
            return checkedFields(type);
        }
    };

    /** A field that must not be null, and whether its value may itself have fields to check. */
    private static final class CheckedField {
        final Field field;
        /** False when the declared type is a final class that is not an application class (String, Integer...). */
        final boolean mayNest;

        CheckedField(Field field) {
            this.field = field;
            Class<?> type = field.getType();
            this.mayNest = !(Modifier.isFinal(type.getModifiers()) && !isApplicationClass(type));
        }
    }

    private RequiredFields() {
    }

    /** The JSON path of the first missing field of {@code value}, or null if none is missing. */
    static String firstMissing(Object value, FieldNamingStrategy naming) {
        return firstMissing(value, naming, 0);
    }

    /** The path relative to {@code value}; built only for a missing field (this runs for every message). */
    private static String firstMissing(Object value, FieldNamingStrategy naming, int depth) {
        if (value == null || depth > MAX_DEPTH || !isApplicationClass(value.getClass())) {
            return null;
        }
        for (CheckedField checked : CHECKED.get(value.getClass())) {
            Field field = checked.field;
            Object fieldValue;
            try {
                fieldValue = field.get(value);
            } catch (IllegalAccessException e) {
                continue;
            }
            if (fieldValue == null) {
                if (!isNullable(field)) {
                    return jsonName(field, naming);
                }
            } else if (checked.mayNest) {
                String nested = firstMissing(fieldValue, naming, depth + 1);
                if (nested != null) {
                    return jsonName(field, naming) + "." + nested;
                }
            }
        }
        return null;
    }

    private static CheckedField[] checkedFields(Class<?> type) {
        List<CheckedField> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && isApplicationClass(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()
                        || field.getType().isPrimitive()) {
                    continue;
                }
                if (!field.trySetAccessible()) {
                    LOG.warn("cannot check required field {}.{}: its package is not open to dev.localipc.core;"
                            + " add 'opens {} to com.google.gson, dev.localipc.core;' to your module-info", type.getName(),
                            field.getName(), type.getPackageName());
                    continue;
                }
                fields.add(new CheckedField(field));
            }
        }
        return fields.toArray(new CheckedField[0]);
    }

    /** Whether fields of {@code type} are checked (cached: it is asked for every field of every message). */
    static boolean isApplicationClass(Class<?> type) {
        return APPLICATION_CLASS.get(type);
    }

    private static final ClassValue<Boolean> APPLICATION_CLASS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return computeIsApplicationClass(type);
        }
    };

    private static boolean computeIsApplicationClass(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || type.isEnum() || type.isInterface()
                || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
            return false;
        }
        String name = type.getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("com.google.gson."));
    }

    static String jsonName(Field field, FieldNamingStrategy naming) {
        SerializedName serialized = field.getAnnotation(SerializedName.class);
        return serialized != null ? serialized.value() : naming.translateName(field);
    }

    private static boolean isNullable(Field field) {
        if (hasNullable(field) || hasNullable(field.getAnnotatedType())) {
            return true;
        }
        Class<?> owner = field.getDeclaringClass();
        if (owner.isRecord()) {
            for (RecordComponent component : owner.getRecordComponents()) {
                if (component.getName().equals(field.getName())) {
                    return hasNullable(component) || hasNullable(component.getAnnotatedType());
                }
            }
        }
        return false;
    }

    private static boolean hasNullable(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }
}
