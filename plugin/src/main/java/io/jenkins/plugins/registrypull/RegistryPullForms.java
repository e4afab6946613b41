package io.jenkins.plugins.registrypull;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.registrypull.credentials.AgentIdentity;
import io.jenkins.plugins.registrypull.credentials.Cloud;
import io.jenkins.plugins.registrypull.credentials.CloudCredentialType;
import io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.pull.PullSpec;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import java.util.Collections;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * The form logic shared by the step's descriptor and {@link ImageToPull}'s: credentials dropdowns with the
 * permission checks of the SECURITY-533 fix (as in credentials-binding and docker-commons), listed as the job's
 * authentication (the credentials plugin's consumer guide), and field validation
 * with the engine's own parsers. The descriptors' {@code doFill*}/{@code doCheck*} methods are {@code @POST} and
 * delegate here.
 */
public final class RegistryPullForms {
    /**
     * Credentials a registry login accepts: those of the credentials and plain-credentials plugins, and the cloud
     * plugins' types where those plugins are installed ({@link CloudCredentialType}).
     */
    static final CredentialsMatcher LOGIN_TYPES = new LoginTypes();

    /** Credentials that can hold PEM certificates. */
    static final CredentialsMatcher PEM_TYPES = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(FileCredentials.class),
            CredentialsMatchers.instanceOf(StringCredentials.class));

    private RegistryPullForms() {
    }

    /** {@link #LOGIN_TYPES}: evaluated at each match, since the cloud plugins' types are extensions. */
    private static final class LoginTypes implements CredentialsMatcher {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean matches(@NonNull Credentials item) {
            if (item instanceof StandardUsernamePasswordCredentials || item instanceof StringCredentials) {
                return true;
            }
            for (CloudCredentialType type : CloudCredentialType.all()) {
                if (type.matcher().matches(item)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code types}, plus Secret files (service-account JSON keys) where they are logins: for a Google registry.
     */
    @NonNull
    static CredentialsMatcher typesFor(@NonNull CredentialsMatcher types, @CheckForNull String image) {
        if (types != LOGIN_TYPES) {
            return types;
        }
        String value = Util.fixEmptyAndTrim(image);
        try {
            if (value != null && Cloud.ofRegistry(ImageReference.parse(value, "image").domain()) == Cloud.GOOGLE) {
                return CredentialsMatchers.anyOf(types, CredentialsMatchers.instanceOf(FileCredentials.class));
            }
        } catch (InvalidInputException e) {
            return types;
        }
        return types;
    }

    /**
     * Whether the current user may list credentials in this context: at the root, administrators only; in an item,
     * those who can see its configuration or use its credentials.
     */
    static boolean canListCredentials(@CheckForNull Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** The domain requirements of the image's registry, or none if the image does not parse (yet). */
    @NonNull
    static List<DomainRequirement> requirementsFor(@CheckForNull String image) {
        String value = Util.fixEmptyAndTrim(image);
        if (value == null) {
            return Collections.emptyList();
        }
        try {
            return RegistryCredentialsResolver.requirementsFor(ImageReference.parse(value, "image"), false);
        } catch (InvalidInputException e) {
            return Collections.emptyList();
        }
    }

    /**
     * Who the credentials are listed as: what a build of the item can resolve, as
     * {@code CredentialsProvider.findCredentialById} does it. A job ({@link Queue.Task}) resolves as its
     * authentication ({@link Tasks#getAuthenticationOf2}, e.g. an Authorize Project "run as" user) and, when that
     * authentication may use the item's credentials ({@link CredentialsProvider#USE_ITEM}), also as SYSTEM; anything
     * else (the root, a folder) as SYSTEM.
     */
    @NonNull
    static List<Authentication> listingAuthentications(@CheckForNull Item item) {
        if (!(item instanceof Queue.Task)) {
            return List.of(ACL.SYSTEM2);
        }
        Authentication auth = Tasks.getAuthenticationOf2((Queue.Task) item);
        if (!ACL.SYSTEM2.equals(auth) && item.hasPermission2(auth, CredentialsProvider.USE_ITEM)) {
            return List.of(auth, ACL.SYSTEM2);
        }
        return List.of(auth);
    }

    @NonNull
    static ListBoxModel fillCredentials(@CheckForNull Item item, @CheckForNull String current, @CheckForNull String image,
            @NonNull CredentialsMatcher types) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = Util.fixNull(current);
        if (!canListCredentials(item)) {
            return result.includeCurrentValue(value);
        }
        result.includeEmptyValue();
        if (types == LOGIN_TYPES && AgentIdentity.isAllowed()) {
            result.add(Messages.AgentIdentity_Option(), AgentIdentity.CREDENTIALS_ID);
        }
        List<DomainRequirement> requirements = requirementsFor(image);
        CredentialsMatcher matching = typesFor(types, image);
        for (Authentication auth : listingAuthentications(item)) {
            if (item == null) {
                result.includeMatchingAs(auth, Jenkins.get(), StandardCredentials.class, requirements, matching);
            } else {
                result.includeMatchingAs(auth, item, StandardCredentials.class, requirements, matching);
            }
        }
        return result.includeCurrentValue(value);
    }

    @NonNull
    static FormValidation checkCredentials(@CheckForNull Item item, @CheckForNull String value, @CheckForNull String image,
            @NonNull CredentialsMatcher types) {
        if (!canListCredentials(item)) {
            return FormValidation.ok();
        }
        String id = Util.fixEmptyAndTrim(value);
        if (id == null || id.startsWith("${")) {
            return FormValidation.ok();
        }
        if (types == LOGIN_TYPES && AgentIdentity.isRequested(id)) {
            return AgentIdentity.isAllowed() ? FormValidation.ok() : FormValidation.error(Messages.RegistryPullForms_AgentIdentityNotAllowed());
        }
        CredentialsMatcher matcher = CredentialsMatchers.allOf(CredentialsMatchers.withId(id), typesFor(types, image));
        for (Authentication auth : listingAuthentications(item)) {
            ListBoxModel found = item == null
                    ? CredentialsProvider.listCredentialsInItemGroup(StandardCredentials.class, Jenkins.get(), auth,
                            requirementsFor(image), matcher)
                    : CredentialsProvider.listCredentialsInItem(StandardCredentials.class, item, auth,
                            requirementsFor(image), matcher);
            if (!found.isEmpty()) {
                return FormValidation.ok();
            }
        }
        return FormValidation.error(Messages.RegistryPullForms_CredentialsNotFound(id));
    }

    @NonNull
    static FormValidation checkImage(@CheckForNull String value) {
        String image = Util.fixEmptyAndTrim(value);
        if (image == null) {
            return FormValidation.error(Messages.RegistryPull_ImageRequired());
        }
        try {
            ImageReference reference = ImageReference.parse(image, "image");
            return FormValidation.ok(Messages.RegistryPullForms_ImageOk(reference));
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @NonNull
    static FormValidation checkPlatform(@CheckForNull String value) {
        String platform = Util.fixEmptyAndTrim(value);
        if (platform == null) {
            return FormValidation.ok();
        }
        try {
            Platform.parse(platform, "platform");
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @NonNull
    static FormValidation checkDigest(@CheckForNull String value) {
        String digest = Util.fixEmptyAndTrim(value);
        if (digest == null) {
            return FormValidation.ok();
        }
        try {
            Digest.parse(digest, "digest");
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** The rule of {@link PullValidation#timeout(int)}, for the form (which sends text). */
    @NonNull
    static FormValidation checkTimeout(@CheckForNull String value) {
        String minutes = Util.fixEmptyAndTrim(value);
        if (minutes == null) {
            return FormValidation.ok();
        }
        try {
            PullValidation.timeout(Integer.parseInt(minutes));
            return FormValidation.ok();
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.RegistryPull_TimeoutInvalid(minutes,
                    String.valueOf(PullSpec.MAX_TIMEOUT.toMinutes()), String.valueOf(PullSpec.DEFAULT_TIMEOUT.toMinutes())));
        } catch (AbortException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @NonNull
    static FormValidation checkPath(@CheckForNull String value, @CheckForNull String target) {
        String path = Util.fixEmptyAndTrim(value);
        if (path == null) {
            return FormValidation.ok();
        }
        Target t = Target.fromId(target);
        if (t != null && t != Target.AUTO && !t.writesToWorkspace()) {
            return FormValidation.error(Messages.RegistryPull_PathNotForTarget(t.id()));
        }
        try {
            WorkspacePaths.normalize(path);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @NonNull
    static ListBoxModel fillTargets() {
        ListBoxModel model = new ListBoxModel();
        model.add(Messages.RegistryPullForms_TargetAuto(), "");
        model.add(Messages.RegistryPullForms_TargetDocker(), Target.DOCKER.id());
        model.add(Messages.RegistryPullForms_TargetPodman(), Target.PODMAN.id());
        model.add(Messages.RegistryPullForms_TargetOci(), Target.OCI.id());
        model.add(Messages.RegistryPullForms_TargetDockerArchive(), Target.DOCKER_ARCHIVE.id());
        return model;
    }
}
