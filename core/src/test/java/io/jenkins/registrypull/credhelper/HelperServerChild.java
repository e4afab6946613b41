package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.api.Credential;
import io.jenkins.registrypull.api.SecretValue;
import java.nio.file.Path;
import java.util.List;

/**
 * A second JVM standing in for an agent: serves one credential and prints {@code READY <helper path>}, then waits
 * to be killed. Args: parent directory, registry, username, then the password on stdin's first line.
 */
public final class HelperServerChild {
    private HelperServerChild() {
    }

    public static void main(String[] args) throws Exception {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        String password = in.readLine();
        CredentialHelperServer server = CredentialHelperServer.start(
                List.of(new ServedCredential(args[1], Credential.usernamePassword(args[2], SecretValue.ofString(password)))),
                new CredentialHelperServer.Options().parentDirectory(Path.of(args[0])));
        System.out.println("READY " + server.binDirectory().resolve(HelperScript.FILE_NAME));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
