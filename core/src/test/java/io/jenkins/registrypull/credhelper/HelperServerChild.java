package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM standing in for an agent (run as another uid by the pod tests): serves credentials and prints
 * {@code READY <block directory> <helper path>}, then serves until stdin says {@code STOP} (prints {@code STOPPED}) or
 * it is killed. Args: parent directory, then {@code REGISTRY USERNAME} pairs; the passwords come on stdin, one line
 * each, in the same order.
 */
public final class HelperServerChild {
    private HelperServerChild() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<ServedCredential> served = new ArrayList<>();
        for (int i = 1; i + 1 < args.length && !args[i].isEmpty(); i += 2) {
            served.add(new ServedCredential(args[i],
                    Credential.usernamePassword(args[i + 1], SecretValue.ofString(in.readLine()))));
        }
        CredentialHelperServer server = CredentialHelperServer.start(served,
                new CredentialHelperServer.Options().parentDirectory(Path.of(args[0])).userDockerConfig(null));
        System.out.println("READY " + server.directory() + " " + server.binDirectory().resolve(HelperScript.FILE_NAME));
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("STOP")) {
                server.close();
                System.out.println("STOPPED");
                System.out.flush();
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
