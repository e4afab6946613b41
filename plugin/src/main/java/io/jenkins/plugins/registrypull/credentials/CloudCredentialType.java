package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import java.util.List;

/**
 * A credential type of an optional cloud plugin (aws-credentials, azure-credentials) that can log in to that cloud's
 * registry. Each implementation is an {@code @OptionalExtension} that requires its plugin, so its classes, which refer
 * to the plugin's types, are loaded only where that plugin is installed; the rest of this plugin refers to them only
 * through this type.
 */
public abstract class CloudCredentialType implements ExtensionPoint {
    /** The credentials of this type, for the credentials dropdowns. */
    @NonNull
    public abstract CredentialsMatcher matcher();

    /**
     * The login for {@code registry} from {@code credentials}, resolved on the controller; null if the credentials are
     * not of this type.
     *
     * @throws AbortException the credentials are of this type but cannot log in to {@code registry}, or the cloud
     *     refused them (e.g. the role could not be assumed); the message says what to do
     */
    @CheckForNull
    public abstract RegistryLogin resolve(@NonNull IdCredentials credentials, @NonNull String credentialsId,
            @NonNull String registry) throws AbortException;

    /** The types of the cloud plugins installed. */
    @NonNull
    public static List<CloudCredentialType> all() {
        return ExtensionList.lookup(CloudCredentialType.class);
    }
}
