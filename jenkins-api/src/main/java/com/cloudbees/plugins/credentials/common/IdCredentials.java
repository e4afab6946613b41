// Stand-in for com.cloudbees.plugins.credentials.common.IdCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import java.util.UUID;

/** Credentials that have an ID. */
public interface IdCredentials extends Credentials {
    /** Returns the ID. */
    @NonNull
    String getId();

    /** Helper methods for implementing {@link IdCredentials}. */
    final class Helpers {
        private Helpers() {
        }

        /** Standard {@link Object#equals(Object)} implementation. */
        public static boolean equals(IdCredentials self, Object o) {
            if (self == o) {
                return true;
            }
            if (!(o instanceof IdCredentials)) {
                return false;
            }
            return self.getId().equals(((IdCredentials) o).getId());
        }

        /** Standard {@link Object#hashCode()} implementation. */
        public static int hashCode(IdCredentials self) {
            return self.getId().hashCode();
        }

        /** Ensures the ID is not empty: a random UUID replaces an empty one. */
        @NonNull
        public static String fixEmptyId(@CheckForNull String id) {
            return Util.fixEmpty(id) == null ? UUID.randomUUID().toString() : id;
        }
    }
}
