package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Run;
import io.jenkins.plugins.registrypull.Messages;
import java.util.List;

/**
 * A credential type of an optional cloud plugin (aws-credentials, azure-credentials) that can log in to that cloud's
 * registry. Each implementation is an {@code @OptionalExtension} that requires its plugin, so its classes, which refer
 * to the plugin's types, are loaded only where that plugin is installed; the rest of this plugin refers to them only
 * through this type.
 */
public abstract class CloudCredentialType implements ExtensionPoint {
    /** The cloud whose registries these credentials log in to. */
    @NonNull
    private final Cloud cloud;
    /** The type's name for messages, e.g. {@code AWS Credentials}. */
    @NonNull
    private final String typeName;

    protected CloudCredentialType(@NonNull Cloud cloud, @NonNull String typeName) {
        this.cloud = cloud;
        this.typeName = typeName;
    }

    /** The plugin's credential type. */
    @NonNull
    protected abstract Class<? extends IdCredentials> type();

    /**
     * The login from credentials of {@link #type()}, for a registry of its cloud.
     *
     * @param run the build, for credentials the login refers to (an Azure principal's certificate)
     * @throws AbortException the cloud refused them (e.g. the role could not be assumed), or they lack a value; the
     *     message says what to do
     */
    @NonNull
    protected abstract RegistryLogin login(@NonNull IdCredentials credentials, @NonNull String credentialsId,
            @NonNull String registry, @NonNull Run<?, ?> run) throws AbortException;

    /** The credentials of this type, for the credentials dropdowns. */
    @NonNull
    public final CredentialsMatcher matcher() {
        return CredentialsMatchers.instanceOf(type());
    }

    /**
     * The login for {@code registry} from {@code credentials}, resolved on the controller; null if the credentials are
     * not of this type.
     *
     * @throws AbortException the credentials are of this type but cannot log in to {@code registry}, or
     *     {@link #login} refused them
     */
    @CheckForNull
    public final RegistryLogin resolve(@NonNull IdCredentials credentials, @NonNull String credentialsId,
            @NonNull String registry, @NonNull Run<?, ?> run) throws AbortException {
        if (!type().isInstance(credentials)) {
            return null;
        }
        if (Cloud.ofRegistry(registry) != cloud) {
            throw new UnusableCredentialsException(Messages.CloudLogin_WrongRegistry(credentialsId, typeName, registry,
                    cloud.registryName()));
        }
        return login(credentials, credentialsId, registry, run);
    }

    /** The types of the cloud plugins installed. */
    @NonNull
    public static List<CloudCredentialType> all() {
        return ExtensionList.lookup(CloudCredentialType.class);
    }
}
