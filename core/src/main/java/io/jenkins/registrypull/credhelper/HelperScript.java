package io.jenkins.registrypull.credhelper;

import java.nio.file.Path;

/**
 * The text of {@code docker-credential-registrypull}, the executable docker, podman, skopeo, buildah and kaniko find
 * first on the block's PATH. A POSIX {@code sh} script that needs nothing but busybox, with every path baked in and no
 * secret in it, so that it works in any container that shares the workspace volume and the network namespace with the
 * agent (a Kubernetes pod), whatever its image:
 * <ol>
 *   <li>reads the server URL from stdin for {@code get} (docker writes it without a trailing newline, so it reads to
 *       end of input, at most 4000 bytes); drains stdin unread for {@code store}/{@code erase};</li>
 *   <li>fails at once, with {@link HelperClient#GONE}, when the block's key file is gone (the block ended), and with
 *       a message naming the uid when it cannot read it (a container running as another non-root user);</li>
 *   <li>sends {@code KEY ACTION [URL]} to {@code 127.0.0.1:PORT} through the first of: {@code nc} (busybox, OpenBSD,
 *       ncat), bash's {@code /dev/tcp}, the agent JVM's {@code java} with {@link HelperClient}. The key is read with
 *       the {@code read} built-in and written with the {@code printf} built-in into a pipe; the answer stays in a
 *       shell variable: neither is ever an argument of a process nor in an environment;</li>
 *   <li>prints the answer's body on stdout, as the protocol wants, and every failure other than "not found" on stderr
 *       too, which docker passes through to the user (it shows only its own error otherwise).</li>
 * </ol>
 */
public final class HelperScript {
    /** The credential helper's name: docker runs {@code docker-credential-NAME}. */
    public static final String HELPER_NAME = "registrypull";
    public static final String FILE_NAME = "docker-credential-" + HELPER_NAME;

    private HelperScript() {
    }

    /**
     * The script.
     *
     * @param dir the block's directory (holds {@code key})
     * @param port the server's port on 127.0.0.1
     * @param java the agent JVM's {@code java}, the last resort
     */
    public static String render(Path dir, int port, Path java, Path clientClassPath) {
        StringBuilder s = new StringBuilder(3072);
        s.append("#!/bin/sh\n");
        s.append("# ").append(FILE_NAME).append(": written by Registry Pull for Jenkins for one withRegistryAuth block.\n");
        s.append("# It answers the docker credential-helper protocol by asking the agent JVM on 127.0.0.1, with the\n");
        s.append("# block's key from the owner-only key file; it holds no secret, and stops working when the block ends.\n");
        s.append("dir=").append(quote(dir.toString())).append('\n');
        s.append("port=").append(port).append('\n');
        s.append("java=").append(quote(java.toString())).append('\n');
        s.append("gone=").append(quote(HelperClient.GONE)).append('\n');
        s.append("notfound=").append(quote(HelperProtocol.NOT_FOUND)).append('\n');
        s.append("unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS\n");
        s.append("fail() { printf '%s\\n' \"$1\"; printf '").append(FILE_NAME).append(": %s\\n' \"$1\" >&2; exit 1; }\n");
        s.append("action=\"$1\"\n");
        s.append("url=\n");
        s.append("case \"$action\" in\n");
        s.append("  get) url=$(head -c 4000) ;;\n");
        s.append("  store|erase) cat >/dev/null ;;\n");
        s.append("  list) ;;\n");
        s.append("  version) echo 'docker-credential-registrypull (Registry Pull for Jenkins) 2'; exit 0 ;;\n");
        s.append("  *) fail \"Unknown credential action \\`$action\\`\" ;;\n");
        s.append("esac\n");
        s.append("[ -e \"$dir/key\" ] || fail \"$gone\"\n");
        s.append("[ -r \"$dir/key\" ] || fail \"cannot read the block's key $dir/key as uid $(id -u): run this container as")
                .append(" the agent's user (uid $(stat -c %u \"$dir/key\" 2>/dev/null || echo '?')) or as root\"\n");
        s.append("IFS= read -r key < \"$dir/key\" || fail \"$gone\"\n");
        s.append("case \"$action\" in get) req=\"$key get $url\" ;; *) req=\"$key $action\" ;; esac\n");
        s.append("key=\n");
        s.append("if command -v nc >/dev/null 2>&1; then\n");
        s.append("  ans=$(printf '%s\\n' \"$req\" | nc -w 5 127.0.0.1 \"$port\" 2>/dev/null)\n");
        s.append("elif command -v bash >/dev/null 2>&1; then\n");
        s.append("  ans=$(printf '%s\\n' \"$req\" | bash -c 'exec 3<>/dev/tcp/127.0.0.1/'\"$port\"' && { cat >&3; cat <&3; }'")
                .append(" 2>/dev/null)\n");
        s.append("elif [ -x \"$java\" ]; then\n");
        s.append("  req=\n");
        s.append("  exec \"$java\" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xmx32m -Xss512k")
                .append(" -cp ").append(quote(clientClassPath.toString())).append(' ').append(HelperClient.class.getName())
                .append(" \"$port\" \"$dir/key\" \"$action\" ${url:+\"$url\"} </dev/null\n");
        s.append("else\n");
        s.append("  fail \"this container has neither nc, bash nor the agent's java to reach the block's credential")
                .append(" server on 127.0.0.1:$port: add busybox (nc) to the image\"\n");
        s.append("fi\n");
        s.append("req=\n");
        s.append("case \"$ans\" in\n");
        s.append("  \"ok\n\"*) printf '%s\\n' \"${ans#ok\n}\"; exit 0 ;;\n");
        s.append("  \"error\n$notfound\") printf '%s\\n' \"$notfound\"; exit 1 ;;\n");
        s.append("  \"error\n\"*) fail \"${ans#error\n}\" ;;\n");
        s.append("esac\n");
        s.append("[ -e \"$dir/key\" ] || fail \"$gone\"\n");
        s.append("fail \"$gone (nothing answered on 127.0.0.1:$port)\"\n");
        return s.toString();
    }

    /** Single-quoted for sh. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
