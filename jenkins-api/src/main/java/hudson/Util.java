// Stand-in for hudson.Util from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.lang.reflect.Method;

/** Various utility methods that don't have more proper home. */
public class Util {
    /** Convert null to "". */
    @NonNull
    public static String fixNull(@CheckForNull String s) {
        return s == null ? "" : s;
    }

    /** Convert empty string to null. */
    @CheckForNull
    public static String fixEmpty(@CheckForNull String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return s;
    }

    /** Convert empty string to null, and trim whitespace. */
    @CheckForNull
    public static String fixEmptyAndTrim(@CheckForNull String s) {
        if (s == null) {
            return null;
        }
        return fixEmpty(s.trim());
    }

    /** Lower-case hexadecimal representation of the bytes. */
    @NonNull
    public static String toHexString(@NonNull byte[] data) {
        StringBuilder buf = new StringBuilder(data.length * 2);
        for (byte b : data) {
            buf.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return buf.toString();
    }

    /** Escapes HTML unsafe characters like &lt;, &amp; to the respective character entities. */
    @Nullable
    public static String escape(@CheckForNull String text) {
        if (text == null) {
            return null;
        }
        StringBuilder buf = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                buf.append("<br>");
            } else if (ch == '<') {
                buf.append("&lt;");
            } else if (ch == '>') {
                buf.append("&gt;");
            } else if (ch == '&') {
                buf.append("&amp;");
            } else if (ch == '"') {
                buf.append("&quot;");
            } else if (ch == '\'') {
                buf.append("&#39;");
            } else if (ch == ' ') {
                char nextCh = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                buf.append(nextCh == ' ' ? "&nbsp;" : " ");
            } else {
                buf.append(ch);
            }
        }
        return buf.toString();
    }

    /** Checks if the method defined on the base type with the given arguments is overridden in the given derived type. */
    public static boolean isOverridden(@NonNull Class<?> base, @NonNull Class<?> derived, @NonNull String methodName, @NonNull Class<?>... types) {
        Method m = resolve(derived, methodName, types);
        if (m == null) {
            throw new IllegalArgumentException(String.format("The class %s must be a subclass of %s with method %s", derived.getName(), base.getName(), methodName));
        }
        return !m.getDeclaringClass().equals(base);
    }

    private static Method resolve(Class<?> c, String name, Class<?>... types) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredMethod(name, types);
            } catch (NoSuchMethodException e) {
                // go up
            }
        }
        return null;
    }
}
