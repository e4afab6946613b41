package io.jenkins.registrypull.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README demo's registry: a token server and the real registry with token auth over TLS
 * on 127.0.0.1, a demo user allowed to pull {@code demo/app}, and a multi-platform sample image
 * pushed as {@code demo/app:1.0}. Prints one line on stdout,
 * {@code READY <host:port> <ca.pem> <username> <password>}, for the script that reads it from a
 * pipe (the password never reaches a file or a command line), then runs until stdin closes or
 * it is killed; a shutdown hook stops the registry by its pid.
 */
public final class DemoRegistry {

    private DemoRegistry() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("registry-pull-demo-");
        TestUser user = TestUser.random("demo");
        TokenServer tokens = TokenServer.start();
        RegistryServer registry = RegistryServer.tokenTls(tokens);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            tokens.close();
            TempDirs.deleteRecursively(work);
        }, "demo-registry-stop"));
        tokens.addPuller(user, "demo/app");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushIndex("demo/app", "1.0", TestImages.multiPlatform(ManifestFormat.OCI));
        }
        Path ca = registry.ca().writeCaPem(work);
        System.out.println("READY " + registry.hostPort() + " " + ca + " " + user.username() + " " + user.password());
        System.out.flush();
        while (System.in.read() != -1) {
            // run until the script closes our stdin or kills us
        }
        System.exit(0);
    }
}
