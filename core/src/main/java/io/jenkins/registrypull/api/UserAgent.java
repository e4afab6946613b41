package io.jenkins.registrypull.api;

/** The User-Agent the engine sends, so registry operators can tell its traffic apart. */
final class UserAgent {

    private UserAgent() {
    }

    static String value() {
        String version = PullEngine.class.getPackage().getImplementationVersion();
        return "registry-pull/" + (version == null ? "dev" : version) + " (Java " + Runtime.version().feature() + ")";
    }
}
