package io.jenkins.registrypull.cloud.gcp;

import io.jenkins.registrypull.cloud.EndpointOverride;
import io.jenkins.registrypull.error.InvalidInputException;

import java.util.Map;

/**
 * Where the agent's metadata server is: {@code 169.254.169.254} on Google Cloud, or {@code GCE_METADATA_HOST}
 * (host[:port], the override Google's libraries honour). The metadata server speaks plain HTTP by design; an
 * override may only point at loopback, so the token request never leaves the machine in clear.
 */
record MetadataServer(String hostPort) {

    static final String DEFAULT_HOST = "169.254.169.254";
    static final String ENV = "GCE_METADATA_HOST";

    static MetadataServer fromEnvironment(Map<String, String> env) throws InvalidInputException {
        String override = env.get(ENV);
        if (override == null || override.isBlank()) {
            return new MetadataServer(DEFAULT_HOST);
        }
        String hostPort = override.trim();
        if (!hostPort.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:]+](:[0-9]{1,5})?")) {
            throw new InvalidInputException(ENV, "must be host or host:port without a scheme or path, e.g."
                    + " 127.0.0.1:8080");
        }
        String host = hostPort.startsWith("[") ? hostPort.substring(0, hostPort.indexOf(']') + 1)
                : hostPort.split(":")[0];
        if (!host.equals(DEFAULT_HOST) && !host.equals("metadata.google.internal") && !EndpointOverride.isLoopback(host)) {
            throw new InvalidInputException(ENV, "may only name the metadata server (169.254.169.254,"
                    + " metadata.google.internal) or a loopback address, because it is reached over plain HTTP");
        }
        return new MetadataServer(hostPort);
    }

    String tokenUrl() {
        return "http://" + hostPort + "/computeMetadata/v1/instance/service-accounts/default/token?scopes="
                + GoogleMinters.SCOPE;
    }
}
