package io.jenkins.registrypull.cloud.gcp;

import io.jenkins.registrypull.credential.SecretValue;

import java.util.Objects;

/** Who asks Google for an access token: a service account's JSON key, or the agent's own identity. */
public sealed interface GoogleIdentity extends AutoCloseable
        permits GoogleIdentity.ServiceAccountKey, GoogleIdentity.AgentMetadata {

    /** The JSON key file of a service account, as Google's IAM console downloads it, held as a secret. */
    static ServiceAccountKey serviceAccountKey(SecretValue keyJson) {
        return new ServiceAccountKey(keyJson);
    }

    /** The service account attached to the machine the agent runs on, from its metadata server (opt-in). */
    static AgentMetadata agentMetadata() {
        return new AgentMetadata();
    }

    @Override
    void close();

    record ServiceAccountKey(SecretValue keyJson) implements GoogleIdentity {
        public ServiceAccountKey {
            Objects.requireNonNull(keyJson, "keyJson");
        }

        @Override
        public void close() {
            keyJson.close();
        }
    }

    record AgentMetadata() implements GoogleIdentity {
        @Override
        public void close() {
        }
    }
}
