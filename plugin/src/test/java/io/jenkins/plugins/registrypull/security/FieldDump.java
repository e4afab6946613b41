package io.jenkins.plugins.registrypull.security;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Every non-transient field of an object graph as text, the way XStream writes a step or a build action into the
 * controller's XML files (which the stand-in Jenkins does not do): what the controller would persist of a build.
 */
final class FieldDump {

    private FieldDump() {
    }

    static String of(Object root) {
        StringBuilder out = new StringBuilder();
        write(root, out, new IdentityHashMap<>(), 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, Map<Object, Boolean> seen, int depth) {
        if (value == null || depth > 12) {
            out.append("null");
            return;
        }
        Class<?> type = value.getClass();
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || type.isEnum() || value instanceof java.time.temporal.Temporal
                || value instanceof java.time.Duration) {
            out.append(value);
            return;
        }
        if (seen.put(value, true) != null) {
            out.append("<ref>");
            return;
        }
        if (value instanceof Collection<?> c) {
            out.append('[');
            c.forEach(e -> {
                write(e, out, seen, depth + 1);
                out.append(", ");
            });
            out.append(']');
            return;
        }
        if (value instanceof Map<?, ?> m) {
            out.append('{');
            m.forEach((k, v) -> {
                write(k, out, seen, depth + 1);
                out.append('=');
                write(v, out, seen, depth + 1);
                out.append(", ");
            });
            out.append('}');
            return;
        }
        out.append(type.getName()).append('{');
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    out.append(f.getName()).append('=');
                    write(f.get(value), out, seen, depth + 1);
                    out.append(", ");
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    out.append(f.getName()).append("=<inaccessible>, ");
                }
            }
        }
        out.append('}');
    }
}
