package io.jenkins.registrypull.cloud.aws;

import java.util.Map;

/** Reads the AWS variables (region, endpoint overrides, the agent identity's files) from an injected environment. */
final class AwsVariables {
    private AwsVariables() {
    }

    /** The value of {@code name}, or null when it is unset or blank. */
    static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
