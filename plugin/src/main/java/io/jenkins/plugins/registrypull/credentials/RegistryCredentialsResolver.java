package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.Messages;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Jenkins credentials to what a pull needs, on the controller, before any network call: an unknown id or an
 * unsupported credential type fails here with a message that says what to do. Lookups go through
 * {@link CredentialsProvider#findCredentialById(String, Class, Run, List)} with the registry as domain requirement,
 * so folder- and domain-scoped credentials work as everywhere in Jenkins, and each use is
 * {@link CredentialsProvider#track tracked} on the build.
 *
 * <table>
 * <caption>Credential types</caption>
 * <tr><th>credential</th><th>becomes</th></tr>
 * <tr><td>Username with password</td><td>username + password: Basic, or exchanged for a bearer token; username
 *     {@code <token>} means the password is an identity (OAuth2 refresh) token</td></tr>
 * <tr><td>Secret text</td><td>a registry token, presented as the registry expects ({@link TokenRegistries})</td></tr>
 * <tr><td>Secret file / Secret text (for {@code caCertificateId})</td><td>PEM CA certificates</td></tr>
 * <tr><td>Secret file / Secret text (for {@code verifyKeyId})</td><td>a PEM public key for cosign signatures</td></tr>
 * </table>
 */
public final class RegistryCredentialsResolver {
    @NonNull
    private final Run<?, ?> run;

    public RegistryCredentialsResolver(@NonNull Run<?, ?> run) {
        this.run = run;
    }

    /** The domain requirements for a registry: its host (as written in the reference) over https, or http if insecure. */
    @NonNull
    public static List<DomainRequirement> requirementsFor(@NonNull ImageReference reference, boolean insecure) {
        return URIRequirementBuilder.fromUri((insecure ? "http://" : "https://") + reference.domain() + "/v2/").build();
    }

    /**
     * How to log in to the registry of {@code reference}.
     *
     * @param credentialsId null for anonymous access
     */
    @NonNull
    public RegistryLogin resolveLogin(@CheckForNull String credentialsId, @NonNull ImageReference reference, boolean insecure)
            throws AbortException {
        if (credentialsId == null) {
            return RegistryLogin.anonymous();
        }
        if (AgentIdentity.isRequested(credentialsId)) {
            return AgentIdentity.resolve(run, reference.domain());
        }
        IdCredentials found = find(credentialsId, reference, insecure, "credentialsId");
        String source = "credentials '" + credentialsId + "'";
        if (found instanceof StandardUsernamePasswordCredentials) {
            StandardUsernamePasswordCredentials c = (StandardUsernamePasswordCredentials) found;
            CredentialsProvider.track(run, c);
            return RegistryLogin.usernamePassword(c.getUsername(), c.isUsernameSecret(), c.getPassword(), source);
        }
        if (found instanceof StringCredentials) {
            StringCredentials c = (StringCredentials) found;
            TokenRegistries.Rule rule = TokenRegistries.forRegistry(reference.domain());
            Secret token = c.getSecret();
            switch (rule.use()) {
                case UNSUPPORTED:
                    throw new UnusableCredentialsException(Messages.RegistryPull_SecretTextUnsupported(credentialsId, rule.name()));
                case PASSWORD:
                    CredentialsProvider.track(run, c);
                    String username = rule.usernameFor(token.getPlainText());
                    return RegistryLogin.usernamePassword(username, false, token,
                            source + " (secret text as the password of '" + username + "' for " + rule.name() + ")");
                default:
                    CredentialsProvider.track(run, c);
                    return RegistryLogin.identityToken(token, source + " (secret text as an OAuth2 refresh token)");
            }
        }
        if (found instanceof FileCredentials && Cloud.ofRegistry(reference.domain()) == Cloud.GOOGLE) {
            RegistryLogin login = GoogleKeys.login((FileCredentials) found, credentialsId, reference.domain());
            CredentialsProvider.track(run, found);
            return login;
        }
        for (CloudCredentialType type : CloudCredentialType.all()) {
            RegistryLogin login = type.resolve(found, credentialsId, reference.domain(), run);
            if (login != null) {
                CredentialsProvider.track(run, found);
                return login;
            }
        }
        throw new UnusableCredentialsException(Messages.RegistryPull_CredentialsWrongType(credentialsId, typeName(found),
                Messages.RegistryPull_LoginTypes()));
    }

    /**
     * How to log in to {@code registry} ({@code host[:port]}, normalised) for {@code withRegistryAuth}: the same lookup,
     * type mapping and token table as {@link #resolveLogin}, for a registry rather than an image.
     */
    @NonNull
    public RegistryLogin resolveRegistryLogin(@NonNull String credentialsId, @NonNull String registry) throws AbortException {
        ImageReference reference;
        try {
            reference = ImageReference.parse(registry + "/registry-auth", "registry");
        } catch (InvalidInputException e) {
            throw new AbortException(e.getMessage());
        }
        return resolveLogin(credentialsId, reference, false);
    }

    /**
     * The PEM text of the CA certificates in a Secret file or Secret text credential, checked with the engine's
     * parser (at least one X.509 certificate).
     */
    @NonNull
    public String resolveCaCertificate(@NonNull String credentialsId, @NonNull ImageReference reference, boolean insecure)
            throws AbortException {
        IdCredentials found = find(credentialsId, reference, insecure, "caCertificateId");
        String pem = readPem(found, credentialsId, "caCertificateId", Messages.RegistryPull_PemTypes());
        try {
            PullOptions.builder().caCertificatePem(pem);
        } catch (InvalidInputException e) {
            throw new AbortException(Messages.RegistryPull_CaCertificateInvalid(credentialsId, e.getMessage()));
        }
        CredentialsProvider.track(run, found);
        return pem;
    }

    /**
     * The PEM public key (e.g. {@code cosign.pub}) in a Secret file or Secret text credential, checked with the
     * engine's parser (ECDSA, RSA or Ed25519 {@code PUBLIC KEY}).
     */
    @NonNull
    public String resolveVerifyKey(@NonNull String credentialsId, @NonNull ImageReference reference, boolean insecure)
            throws AbortException {
        IdCredentials found = find(credentialsId, reference, insecure, "verifyKeyId");
        String pem = readPem(found, credentialsId, "verifyKeyId", Messages.RegistryPull_PublicKeyTypes());
        try {
            PullOptions.builder().verifyKeyPem(pem);
        } catch (InvalidInputException e) {
            throw new AbortException(Messages.RegistryPull_VerifyKeyInvalid(credentialsId, e.getMessage()));
        }
        CredentialsProvider.track(run, found);
        return pem;
    }

    private static String readPem(IdCredentials found, String credentialsId, String field, String accepted)
            throws AbortException {
        if (found instanceof FileCredentials) {
            try (InputStream in = ((FileCredentials) found).getContent()) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new AbortException(Messages.RegistryPull_CredentialsUnreadable(field, credentialsId, e.getMessage()));
            }
        }
        if (found instanceof StringCredentials) {
            return ((StringCredentials) found).getSecret().getPlainText();
        }
        throw new UnusableCredentialsException(Messages.RegistryPull_CredentialsWrongType(credentialsId, typeName(found), accepted));
    }

    @NonNull
    private IdCredentials find(String credentialsId, ImageReference reference, boolean insecure, String field)
            throws AbortException {
        IdCredentials found = CredentialsProvider.findCredentialById(credentialsId, IdCredentials.class, run,
                requirementsFor(reference, insecure));
        if (found == null) {
            throw new UnusableCredentialsException(Messages.RegistryPull_CredentialsNotFound(field, credentialsId, reference.domain()));
        }
        return found;
    }

    private static String typeName(IdCredentials c) {
        try {
            return c.getDescriptor().getDisplayName();
        } catch (RuntimeException | AssertionError e) {
            return c.getClass().getSimpleName();
        }
    }
}
