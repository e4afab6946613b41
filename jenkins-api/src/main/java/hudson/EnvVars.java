// Stand-in for hudson.EnvVars from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Environment variables: a case-insensitive {@link TreeMap}, as in Jenkins. Stand-in: {@link #expand(String)}
 * replaces {@code ${NAME}} and {@code $NAME} references; {@link #getRemote} returns this JVM's environment.
 */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 4320331661987259022L;

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(@NonNull Map<String, String> m) {
        this();
        putAll(m);
    }

    @SuppressWarnings("CopyConstructorMissesField")
    public EnvVars(@NonNull EnvVars m) {
        this((Map<String, String>) m);
    }

    /** Builds an environment variables from an array of the form {@code "key","value","key","value"...}. */
    public EnvVars(String... keyValuePairs) {
        this();
        if (keyValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException(java.util.Arrays.asList(keyValuePairs).toString());
        }
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
    }

    /** Overrides the current entry by the given entry; {@code PATH+XYZ=...} prepends to PATH, a null or empty value removes. */
    public void override(String key, String value) {
        if (value == null || value.isEmpty()) {
            remove(key);
            return;
        }
        int idx = key.indexOf('+');
        if (idx > 0) {
            String realKey = key.substring(0, idx);
            String v = get(realKey);
            put(realKey, v == null ? value : value + java.io.File.pathSeparatorChar + v);
            return;
        }
        put(key, value);
    }

    public EnvVars overrideAll(Map<String, String> all) {
        for (Map.Entry<String, String> e : all.entrySet()) {
            override(e.getKey(), e.getValue());
        }
        return this;
    }

    public EnvVars overrideExpandingAll(@NonNull Map<String, String> all) {
        for (Map.Entry<String, String> e : all.entrySet()) {
            override(e.getKey(), expand(e.getValue()));
        }
        return this;
    }

    /** Expands the variables in the given string by using environment variables represented in 'this'. */
    public String expand(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length()) {
                int end;
                String name;
                if (s.charAt(i + 1) == '{') {
                    end = s.indexOf('}', i + 2);
                    if (end < 0) {
                        out.append(s.substring(i));
                        break;
                    }
                    name = s.substring(i + 2, end);
                    end++;
                } else {
                    end = i + 1;
                    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                        end++;
                    }
                    name = s.substring(i + 1, end);
                }
                String v = name.isEmpty() ? null : get(name);
                out.append(v != null ? v : s.substring(i, end));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Override
    public String put(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Null value not allowed as an environment variable: " + key);
        }
        return super.put(key, value);
    }

    /** Add a key/value but only if the value is not-null. Otherwise no-op. */
    public void putIfNotNull(String key, String value) {
        if (value != null) {
            put(key, value);
        }
    }

    /** Convenience message. */
    public String get(String key, String defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : v;
    }

    /** Obtains the environment variables of a remote peer. Stand-in: this JVM's environment (no agents). */
    public static EnvVars getRemote(VirtualChannel channel) throws IOException, InterruptedException {
        return new EnvVars(System.getenv());
    }

    /** Creates a magic cookie that can be used as the model environment variable when we later kill the processes. */
    public static EnvVars createCookie() {
        return new EnvVars("HUDSON_COOKIE", UUID.randomUUID().toString());
    }
}
