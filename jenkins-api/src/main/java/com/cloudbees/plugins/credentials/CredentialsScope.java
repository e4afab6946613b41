// Stand-in for com.cloudbees.plugins.credentials.CredentialsScope from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/** The scope of credentials. */
public enum CredentialsScope implements Serializable {
    /** Only available to the object on which the credential is associated. */
    SYSTEM {
        @Override
        public String getDisplayName() {
            return "System (Jenkins and nodes only)";
        }
    },
    /** Available to the object on which the credential is associated and all objects that are children of that object. */
    GLOBAL {
        @Override
        public String getDisplayName() {
            return "Global (Jenkins, nodes, items, all child items, etc)";
        }
    },
    /** Available to the user which which the credential is associated. */
    USER {
        @Override
        public String getDisplayName() {
            return "User";
        }
    };

    /** Gets the display name for the credentials. */
    public abstract String getDisplayName();
}
