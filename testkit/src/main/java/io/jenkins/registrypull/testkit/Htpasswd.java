package io.jenkins.registrypull.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes bcrypt htpasswd lines (the only hash registry 2.8 accepts) with Debian's
 * {@code htpasswd} from apache2-utils.
 *
 * <p>The password is written to htpasswd's stdin ({@code -i}); only the user name is an argument,
 * so the password never shows in {@code /proc/PID/cmdline}. Cost 4, the minimum, keeps the
 * registry's per-request bcrypt check cheap on a 2-core machine.
 */
final class Htpasswd {

    static final String BINARY = "/usr/bin/htpasswd";

    private Htpasswd() {
    }

    static String line(TestUser user) {
        CommandResult result = Commands.run(List.of(BINARY, "-n", "-i", "-B", "-C", "4", user.username()),
                (user.password() + "\n").getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ofSeconds(30));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("htpasswd failed for user " + user.username() + ": " + result.stderr());
        }
        String line = result.stdout().lines().filter(l -> !l.isBlank()).findFirst()
                .orElseThrow(() -> new IllegalStateException("htpasswd printed nothing"));
        if (!line.startsWith(user.username() + ":$2")) {
            throw new IllegalStateException("htpasswd printed no bcrypt entry for " + user.username());
        }
        return line;
    }

    static String file(List<TestUser> users) {
        StringBuilder content = new StringBuilder();
        users.forEach(user -> content.append(line(user)).append('\n'));
        return content.toString();
    }
}
