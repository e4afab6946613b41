package io.jenkins.registrypull.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A program that leaks the password it reads from stdin in every way {@link CliLeakTest} must catch: a docker
 * {@code config.json} in the home, a temp file held open and deleted, a child process's environment and arguments,
 * and an exception's stack trace on stderr. Argument: the username.
 */
public final class LeakyChild {

    private LeakyChild() {
    }

    public static void main(String[] args) throws Exception {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        String auth = Base64.getEncoder().encodeToString((args[0] + ":" + password).getBytes(StandardCharsets.UTF_8));
        Path docker = Files.createDirectories(Path.of(System.getProperty("user.home"), ".docker"));
        Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"reg\":{\"auth\":\"" + auth + "\"}}}");

        Path temp = Files.createTempFile("leak", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            out.write(("password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Files.delete(temp); // gone from the directory, still open: only /proc/PID/fd shows it
            ProcessBuilder sleeper = new ProcessBuilder("sleep", "1");
            sleeper.environment().put("REGISTRY_PASSWORD", password);
            Process shell = new ProcessBuilder("sh", "-c", "sleep 1; true \"$0\"", URLEncoder.encode(password,
                    StandardCharsets.UTF_8)).start();
            sleeper.start().waitFor();
            shell.waitFor();
        }
        String escaped = password.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u00e9", "\\u00e9");
        new IllegalStateException("bad token response", new RuntimeException("{\"password\":\"" + escaped + "\"}"))
                .printStackTrace();
    }
}
