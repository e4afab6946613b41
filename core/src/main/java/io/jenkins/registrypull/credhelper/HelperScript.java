package io.jenkins.registrypull.credhelper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of {@code docker-credential-registrypull}, the executable docker, podman and skopeo find first on the
 * block's PATH. A POSIX {@code sh} script with every path baked in and no secret in it:
 * <ol>
 *   <li>reads the server URL from stdin for {@code get} (docker writes it without a trailing newline, so it reads to
 *       end of input, at most 4000 bytes); drains stdin unread for {@code store}/{@code erase};</li>
 *   <li>fails at once, with {@link HelperClient#GONE}, when the socket file is gone;</li>
 *   <li>fast path, when the block's start found one that works against this very socket: {@code socat} or an
 *       {@code nc} that speaks {@code -U}, each bounded by its own timeouts (and {@code timeout} when present). The
 *       answer stays in a shell variable and is printed with the {@code printf} built-in: it is never an argument of
 *       a process nor in an environment;</li>
 *   <li>otherwise (or when the fast path gave no well-formed answer) {@code exec}s the agent JVM's {@code java} with
 *       {@link HelperClient}, which works on any agent that runs the Jenkins agent JVM.</li>
 * </ol>
 * Java option variables ({@code JAVA_TOOL_OPTIONS}...) are unset first: a build's own settings must not slow the
 * helper down or make it print.
 */
public final class HelperScript {
    /** The credential helper's name: docker runs {@code docker-credential-NAME}. */
    public static final String HELPER_NAME = "registrypull";
    public static final String FILE_NAME = "docker-credential-" + HELPER_NAME;

    /** Characters socat's address syntax and the shell quoting below take literally. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._+-]+");

    /** A tool that sends one request to a Unix socket and prints the answer. */
    public enum FastPath {
        /** {@code socat - UNIX-CONNECT:SOCKET}. */
        SOCAT,
        /** {@code nc -U SOCKET} (OpenBSD netcat, ncat). */
        NC,
        /** None: always the java client. */
        NONE
    }

    private HelperScript() {
    }

    /**
     * The script.
     *
     * @param tool the fast path's absolute executable, or null for {@link FastPath#NONE}
     * @param timeout absolute path of {@code timeout}, or null
     */
    public static String render(Path socket, Path java, Path clientClassPath, FastPath fastPath, Path tool,
            Path timeout) {
        StringBuilder s = new StringBuilder(2048);
        s.append("#!/bin/sh\n");
        s.append("# ").append(FILE_NAME).append(": written by Registry Pull for Jenkins for one withRegistryAuth block.\n");
        s.append("# It answers the docker credential-helper protocol by asking the agent JVM over a private Unix socket;\n");
        s.append("# it holds no secret, and stops working when the block ends.\n");
        s.append("sock=").append(quote(socket.toString())).append('\n');
        s.append("gone=").append(quote(HelperClient.GONE)).append('\n');
        s.append("unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS\n");
        s.append("action=\"$1\"\n");
        s.append("url=\n");
        s.append("case \"$action\" in\n");
        s.append("  get) url=$(head -c 4000) ;;\n");
        s.append("  store|erase) cat >/dev/null ;;\n");
        s.append("  list) ;;\n");
        s.append("  version) echo 'docker-credential-registrypull (Registry Pull for Jenkins) 1'; exit 0 ;;\n");
        s.append("  *) echo \"Unknown credential action \\`$action\\`\"; exit 1 ;;\n");
        s.append("esac\n");
        s.append("[ -S \"$sock\" ] || { echo \"$gone\"; exit 1; }\n");
        if (fastPath != FastPath.NONE && tool != null) {
            String limit = timeout == null ? "" : quote(timeout.toString()) + " 10 ";
            String command = fastPath == FastPath.SOCAT
                    ? quote(tool.toString()) + " -t 5 -T 5 - \"UNIX-CONNECT:$sock\""
                    : quote(tool.toString()) + " -U -w 5 \"$sock\"";
            s.append("case \"$action\" in get) req=\"get $url\" ;; *) req=\"$action\" ;; esac\n");
            s.append("if ans=$(printf '%s\\n' \"$req\" | ").append(limit).append(command).append(" 2>/dev/null); then\n");
            s.append("  case \"$ans\" in\n");
            s.append("    \"ok\n\"*) printf '%s\\n' \"${ans#ok\n}\"; exit 0 ;;\n");
            s.append("    \"error\n\"*) printf '%s\\n' \"${ans#error\n}\"; exit 1 ;;\n");
            s.append("  esac\n");
            s.append("fi\n");
            s.append("ans=\n");
        }
        s.append("exec ").append(quote(java.toString()))
                .append(" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xmx32m -Xss512k")
                .append(" -cp ").append(quote(clientClassPath.toString())).append(' ')
                .append(HelperClient.class.getName())
                .append(" \"$sock\" \"$action\" ${url:+\"$url\"} </dev/null\n");
        return s.toString();
    }

    /** Whether a path can be baked into the fast path's command (socat reads ':' and ',' in addresses). */
    static boolean isPlain(Path path) {
        return PLAIN_PATH.matcher(path.toString()).matches();
    }

    /** Single-quoted for sh. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    /** Absolute paths of {@code name} in the agent JVM's PATH and the usual directories, in order. */
    static List<Path> find(String name) {
        List<Path> found = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && !found.contains(candidate)) {
                found.add(candidate);
            }
        }
        return found;
    }
}
